package io.github.faafo.api.boundary;

import io.github.faafo.api.control.FractalSearch;
import io.github.faafo.api.control.FractalSearch.Condition;
import io.github.faafo.api.control.FractalSearch.Field;
import io.github.faafo.api.control.FractalSearch.Filter;
import io.github.faafo.api.control.FractalSearch.Group;
import io.github.faafo.api.control.FractalSearch.Operator;
import io.github.faafo.api.control.FractalSearch.Order;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.FractalStatus;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the {@code q} parameter of flask-restless clients into a {@link FractalSearch}: its JSON is
 * bounded as a request body is, every field name, operator and value is checked against the
 * record's own fields and their types, and each problem is a 400 naming it.
 */
final class SearchRequest {

  /** The most filters one search may hold, groups included. */
  static final int MAX_FILTERS = 64;

  private static final Set<String> KEYS =
      Set.of("filters", "order_by", "limit", "offset", "single");

  private final List<Violation> violations = new ArrayList<>();
  private int filters;

  private SearchRequest() {}

  /** The search {@code q} asks for; null when there is no {@code q}. */
  static FractalSearch parse(String q) {
    if (q == null) {
      return null;
    }
    JsonStructure json = JsonRequest.parse(q.getBytes(StandardCharsets.UTF_8), "q");
    if (!(json instanceof JsonObject object)) {
      throw new InvalidRequestException("q must be a JSON object", List.of());
    }
    SearchRequest request = new SearchRequest();
    FractalSearch search = request.search(object);
    if (!request.violations.isEmpty()) {
      throw new InvalidRequestException(
          "q has " + request.violations.size() + " problem(s)", request.violations);
    }
    return search;
  }

  private FractalSearch search(JsonObject q) {
    for (String key : q.keySet()) {
      if (!KEYS.contains(key)) {
        violations.add(new Violation("q." + key, "is not a search key (" + KEYS + ")"));
      }
    }
    Filter filter = null;
    JsonValue filtersValue = q.get("filters");
    if (filtersValue != null && filtersValue.getValueType() != JsonValue.ValueType.NULL) {
      if (filtersValue instanceof JsonArray list) {
        filter = list.isEmpty() ? null : group(false, list, "q.filters");
      } else {
        violations.add(new Violation("q.filters", "must be a list of filters"));
      }
    }
    List<Order> orderBy = new ArrayList<>();
    JsonValue order = q.get("order_by");
    if (order instanceof JsonArray keys) {
      for (int i = 0; i < keys.size(); i++) {
        orderBy.add(order(keys.get(i), "q.order_by[" + i + "]"));
      }
    } else if (order != null && order.getValueType() != JsonValue.ValueType.NULL) {
      violations.add(new Violation("q.order_by", "must be a list of {field, direction}"));
    }
    return new FractalSearch(
        filter,
        orderBy.stream().filter(o -> o != null).toList(),
        count(q.get("limit"), "q.limit"),
        count(q.get("offset"), "q.offset"),
        truthy(q.get("single")));
  }

  private Group group(boolean any, JsonArray members, String where) {
    List<Filter> filters = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      Filter filter = filter(members.get(i), where + "[" + i + "]");
      if (filter != null) {
        filters.add(filter);
      }
    }
    return new Group(any, filters);
  }

  private Filter filter(JsonValue value, String where) {
    if (++filters > MAX_FILTERS) {
      violations.add(new Violation(where, "is one filter more than " + MAX_FILTERS));
      return null;
    }
    if (!(value instanceof JsonObject filter)) {
      violations.add(new Violation(where, "must be a filter object"));
      return null;
    }
    for (String groupKey : List.of("or", "and")) {
      if (filter.containsKey(groupKey)) {
        if (filter.get(groupKey) instanceof JsonArray members) {
          return group("or".equals(groupKey), members, where + "." + groupKey);
        }
        violations.add(new Violation(where + "." + groupKey, "must be a list of filters"));
        return null;
      }
    }
    Field field = field(filter.get("name"), where + ".name");
    Operator op = null;
    if (filter.get("op") instanceof JsonString spelled) {
      op = Operator.of(spelled.getString());
      if (op == null) {
        violations.add(
            new Violation(where + ".op", "'" + spelled.getString() + "' is no operator"));
      }
    } else {
      violations.add(new Violation(where + ".op", "is missing"));
    }
    if (field == null || op == null) {
      return null;
    }
    JsonValue val = filter.get("val");
    if (op.takesNoValue()) {
      return new Condition(field, op, null);
    }
    if (val == null || val.getValueType() == JsonValue.ValueType.NULL) {
      violations.add(
          new Violation(where + ".val", "is missing; compare with null by is_null or is_not_null"));
      return null;
    }
    if (op.takesList()) {
      if (!(val instanceof JsonArray list)) {
        violations.add(new Violation(where + ".val", "must be a list for " + op));
        return null;
      }
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        values.add(value(field, list.get(i), where + ".val[" + i + "]"));
      }
      return new Condition(field, op, values);
    }
    if (op == Operator.LIKE || op == Operator.ILIKE) {
      if (field.type() != String.class || !(val instanceof JsonString pattern)) {
        violations.add(new Violation(where, "like needs a text field and a text pattern"));
        return null;
      }
      return new Condition(field, op, pattern.getString());
    }
    if (op.ordersValues() && field.type() == FractalStatus.class) {
      violations.add(new Violation(where + ".op", "status can only be compared for equality"));
      return null;
    }
    return new Condition(field, op, value(field, val, where + ".val"));
  }

  private Field field(JsonValue name, String where) {
    if (!(name instanceof JsonString text)) {
      violations.add(new Violation(where, "must name a field"));
      return null;
    }
    Field field = FractalSearch.FIELDS.get(text.getString());
    if (field == null) {
      violations.add(
          new Violation(where, "'" + text.getString() + "' is not a field of a fractal"));
    }
    return field;
  }

  /** {@code json} as a value of {@code field}'s type, or a violation and null. */
  private Object value(Field field, JsonValue json, String where) {
    Class<?> type = field.type();
    if (json instanceof JsonNumber number) {
      if (type == Double.class) {
        return number.doubleValue();
      }
      if ((type == Integer.class || type == Long.class)
          && (number.bigDecimalValue().signum() == 0
              || number.bigDecimalValue().stripTrailingZeros().scale() <= 0)) {
        try {
          long whole = number.bigDecimalValue().longValueExact();
          return type == Long.class ? (Object) whole : (Object) Math.toIntExact(whole);
        } catch (ArithmeticException e) {
          violations.add(new Violation(where, "is out of range"));
          return null;
        }
      }
    }
    if (json instanceof JsonString text) {
      String s = text.getString();
      if (type == String.class) {
        return s;
      }
      if (type == FractalStatus.class) {
        try {
          return FractalStatus.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          violations.add(new Violation(where, "must be pending, done or failed"));
          return null;
        }
      }
      if (type == LocalDateTime.class) {
        try {
          return OffsetDateTime.parse(s).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeParseException e) {
          violations.add(new Violation(where, "must be a time like 2026-11-30T05:00:00.000Z"));
          return null;
        }
      }
    }
    violations.add(
        new Violation(where, "must be " + describe(type) + " to compare with " + field.name()));
    return null;
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == Long.class) {
      return "an integer";
    }
    return type == Double.class ? "a number" : "a string";
  }

  private Order order(JsonValue value, String where) {
    if (!(value instanceof JsonObject key)) {
      violations.add(new Violation(where, "must be {field, direction}"));
      return null;
    }
    Field field = field(key.get("field"), where + ".field");
    String direction =
        key.get("direction") instanceof JsonString d
            ? d.getString().toLowerCase(Locale.ROOT)
            : "asc";
    if (!direction.equals("asc") && !direction.equals("desc")) {
      violations.add(new Violation(where + ".direction", "must be asc or desc"));
      return null;
    }
    return field == null ? null : new Order(field, direction.equals("asc"));
  }

  /** A limit or offset: null when absent, null, 0 or false, as flask-restless ignores those. */
  private Integer count(JsonValue value, String where) {
    if (value == null
        || value.getValueType() == JsonValue.ValueType.NULL
        || value.getValueType() == JsonValue.ValueType.FALSE) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        int n = number.intValueExact();
        if (n >= 0) {
          return n == 0 ? null : n;
        }
      } catch (ArithmeticException e) {
        // reported below
      }
    }
    violations.add(new Violation(where, "must be a whole number, 0 or more"));
    return null;
  }

  private static boolean truthy(JsonValue value) {
    if (value == null) {
      return false;
    }
    return switch (value.getValueType()) {
      case NULL, FALSE -> false;
      case NUMBER -> ((JsonNumber) value).doubleValue() != 0;
      case STRING -> !((JsonString) value).getString().isEmpty();
      default -> true;
    };
  }
}
