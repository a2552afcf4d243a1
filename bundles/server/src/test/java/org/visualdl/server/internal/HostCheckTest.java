package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostCheckTest {
  final HostCheck plain = HostCheck.of(null, "127.0.0.1");

  @Test
  void loopbackNamesAndAddressesAreServed() {
    for (String h :
        new String[] {
          "localhost", "localhost:8040", "LOCALHOST:8040", "localhost.", "localhost.:8040",
          "127.0.0.1", "127.0.0.1:8040", "127.1.2.3:80", "[::1]", "[::1]:8040",
          "[0:0:0:0:0:0:0:1]:8040", "app.localhost:8040", "[::ffff:127.0.0.1]:8040"
        }) {
      assertTrue(plain.admits(h), h);
    }
  }

  @Test
  void otherNamesAreRefused() {
    for (String h :
        new String[] {
          "evil.example", "evil.example:8040", "localhost.evil.example", "127.0.0.1.evil.example",
          "128.0.0.1", "0.0.0.0:8040", "10.0.0.1", "[::2]:8040", "[::1", "::1", "[::1]x",
          "localhost:80:80", "localhost:abc", "", " ", "local host", "127.0.0.1@evil",
          "evil.example\u0000localhost", "[fe80::1%25eth0]", "%6cocalhost", "0x7f.0.0.1"
        }) {
      assertFalse(plain.admits(h), h);
    }
    assertFalse(plain.admits(null), "no Host header");
  }

  @Test
  void allowedNamesAndTheListenAddressAreServed() {
    HostCheck check = HostCheck.of("MyHost.lan, other", "192.168.1.5");
    assertTrue(check.admits("myhost.lan:8040"));
    assertTrue(check.admits("myhost.lan.:8040"));
    assertTrue(check.admits("other"));
    assertTrue(check.admits("192.168.1.5:8040"));
    assertFalse(check.admits("myhost.lan.evil:8040"));
    assertFalse(check.admits("192.168.1.6:8040"));
    assertTrue(HostCheck.of(null, "0.0.0.0").admits("0.0.0.0:8040"), "the printed link");
    assertFalse(plain.admits("0.0.0.0:8040"));
    assertTrue(HostCheck.of(null, "::").admits("[::]:8040"));
  }

  @Test
  void hostPartDropsPortBracketsCaseAndTrailingDot() {
    assertEquals("example.org", HostCheck.hostPart("Example.ORG.:1"));
    assertEquals("0:0:0:0:0:0:0:1", HostCheck.hostPart("[::1]:8040"));
    assertNull(HostCheck.hostPart("a..b"));
    assertNull(HostCheck.hostPart("a:99999999"));
  }
}
