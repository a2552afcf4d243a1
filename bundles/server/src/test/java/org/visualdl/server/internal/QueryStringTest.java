package org.visualdl.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.visualdl.api.frontend.RouteException;

class QueryStringTest {
  @Test
  void decodesPercentEncodedUtf8PlusAndRepeatedNames() {
    Map<String, String[]> q = QueryString.parse("tag=a%2Fb+c&run=%E2%82%AC&x=1&x=2&flag&&e=");
    assertArrayEquals(new String[] {"a/b c"}, q.get("tag"));
    assertArrayEquals(new String[] {"\u20ac"}, q.get("run"));
    assertArrayEquals(new String[] {"1", "2"}, q.get("x"));
    assertArrayEquals(new String[] {""}, q.get("flag"));
    assertArrayEquals(new String[] {""}, q.get("e"));
    assertArrayEquals(new String[] {"\ud83d\ude00"}, QueryString.parse("s=%F0%9F%98%80").get("s"));
    assertTrue(QueryString.parse(null).isEmpty());
  }

  @Test
  void malformedEncodingsAre400() {
    for (String raw :
        new String[] {
          "tag=%zz", "tag=%", "tag=%4", "%=1", "tag=%C3%28", "tag=%ED%A0%80", "tag=%ED%B0%80",
          "tag=%C0%AF", "tag=%E0%80%AF", "tag=%F8%88%80%80%80", "tag=%FF", "tag=%80",
          "tag=%00", "tag=a%0Ab", "tag=%7F", "tag=%C2%85", "tag=%F4%90%80%80", "tag=%\u0661\u0662",
          "tag=%ef%bf", "tag=\ud800x"
        }) {
      RouteException e = assertThrows(RouteException.class, () -> QueryString.parse(raw), raw);
      assertEquals(RouteException.Status.BAD_REQUEST, e.status());
      assertTrue(e.getMessage().startsWith("the query string is malformed"), e.getMessage());
    }
  }
}
