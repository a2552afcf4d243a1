package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.visualdl.server.internal.BinaryResponse.ByteRange;

class BinaryResponseTest {
  @Test
  void oneRangeIsThatPartClippedToTheBody() {
    assertEquals(new ByteRange(0, 99), BinaryResponse.parse("bytes=0-", 100));
    assertEquals(new ByteRange(10, 19), BinaryResponse.parse("bytes=10-19", 100));
    assertEquals(new ByteRange(90, 99), BinaryResponse.parse("bytes=90-1000", 100));
    assertEquals(new ByteRange(99, 99), BinaryResponse.parse("Bytes=99-99", 100));
  }

  @Test
  void aSuffixIsTheLastBytes() {
    assertEquals(new ByteRange(80, 99), BinaryResponse.parse("bytes=-20", 100));
    assertEquals(new ByteRange(0, 99), BinaryResponse.parse("bytes=-500", 100));
  }

  @Test
  void aRangeBeyondTheBodyIsUnsatisfiable() {
    assertSame(BinaryResponse.UNSATISFIABLE, BinaryResponse.parse("bytes=100-", 100));
    assertSame(BinaryResponse.UNSATISFIABLE, BinaryResponse.parse("bytes=-0", 100));
    assertSame(BinaryResponse.UNSATISFIABLE, BinaryResponse.parse("bytes=0-", 0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=a-b", "bytes=5",
      "bytes=--1"})
  void anythingElseGetsTheWholeBody(String header) {
    assertNull(BinaryResponse.parse(header, 100));
  }

  @Test
  void noHeaderGetsTheWholeBody() {
    assertNull(BinaryResponse.parse(null, 100));
  }
}
