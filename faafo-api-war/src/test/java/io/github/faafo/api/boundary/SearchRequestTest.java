package io.github.faafo.api.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.api.control.FractalSearch;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.FractalStatus;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SearchRequestTest {

  @Test
  void aFlaskRestlessSearchBecomesTypedFiltersAnOrderAndAWindow() {
    FractalSearch search =
        SearchRequest.parse(
            "{\"filters\":[{\"name\":\"status\",\"op\":\"eq\",\"val\":\"done\"},"
                + "{\"or\":[{\"name\":\"width\",\"op\":\">=\",\"val\":800},"
                + "{\"name\":\"cx\",\"op\":\"is_null\"}]}],"
                + "\"order_by\":[{\"field\":\"duration\",\"direction\":\"desc\"}],"
                + "\"limit\":20,\"offset\":5,\"single\":true}");
    FractalSearch.Group all = (FractalSearch.Group) search.filter();
    assertEquals(false, all.any());
    FractalSearch.Condition status = (FractalSearch.Condition) all.members().get(0);
    assertEquals("status", status.field().name());
    assertEquals(FractalSearch.Operator.EQ, status.op());
    assertEquals(FractalStatus.DONE, status.value());
    FractalSearch.Group either = (FractalSearch.Group) all.members().get(1);
    assertTrue(either.any());
    assertEquals(800, ((FractalSearch.Condition) either.members().get(0)).value());
    assertEquals(
        FractalSearch.Operator.IS_NULL, ((FractalSearch.Condition) either.members().get(1)).op());
    assertEquals("duration", search.orderBy().get(0).field().name());
    assertEquals(false, search.orderBy().get(0).ascending());
    assertEquals(20, search.limit());
    assertEquals(5, search.offset());
    assertTrue(search.single());
    assertNull(SearchRequest.parse(null), "no q is no search");
  }

  @Test
  void everyProblemIsNamedWithWhereItIs() {
    InvalidRequestException refused =
        assertThrows(
            InvalidRequestException.class,
            () ->
                SearchRequest.parse(
                    "{\"filters\":[{\"name\":\"colour\",\"op\":\"eq\",\"val\":1},"
                        + "{\"name\":\"width\",\"op\":\"eq\",\"val\":\"wide\"},"
                        + "{\"name\":\"status\",\"op\":\"near\",\"val\":\"done\"}],"
                        + "\"sort\":1}"));
    String fields =
        refused.violations().stream().map(Violation::field).collect(Collectors.joining(" "));
    for (String where : List.of("q.filters[0]", "q.filters[1]", "q.filters[2]", "q.sort")) {
      assertTrue(fields.contains(where), where + " not named among " + refused.violations());
    }
    assertEquals(400, refused.status().getStatusCode());
  }

  @Test
  void aSearchIsAJsonObjectOfAtMostSixtyFourFilters() {
    assertEquals(
        "q must be a JSON object",
        assertThrows(InvalidRequestException.class, () -> SearchRequest.parse("[1]")).getMessage());
    String many =
        IntStream.rangeClosed(0, SearchRequest.MAX_FILTERS)
            .mapToObj(i -> "{\"name\":\"width\",\"op\":\">\",\"val\":" + i + "}")
            .collect(Collectors.joining(",", "{\"filters\":[", "]}"));
    InvalidRequestException refused =
        assertThrows(InvalidRequestException.class, () -> SearchRequest.parse(many));
    assertTrue(
        refused.violations().get(0).message().contains("one filter more than 64"),
        refused.violations().toString());
  }
}
