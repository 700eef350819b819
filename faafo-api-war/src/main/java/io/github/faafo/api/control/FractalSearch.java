package io.github.faafo.api.control;

import io.github.faafo.fractal.entity.FractalStatus;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * A search of the fractal records as flask-restless clients write it (the {@code q} parameter):
 * filters on the record's own fields, joined by {@code and}/{@code or} groups, an order, a window
 * ({@code limit}, {@code offset}) and {@code single}. Values arrive typed; {@link FractalCatalog}
 * runs it as a Criteria query, never as SQL text.
 */
public record FractalSearch(
    Filter filter, List<Order> orderBy, Integer limit, Integer offset, boolean single) {

  /**
   * The searchable fields: the record's JSON name, its entity attribute (a path, {@code
   * parameters.xa}, for an attribute of the parameters) and its value type.
   */
  public record Field(String name, String attribute, Class<?> type) {}

  /** Every field of a record as the API shows it. */
  public static final Map<String, Field> FIELDS =
      Map.ofEntries(
          field("uuid", "uuid", String.class),
          field("width", "parameters.width", Integer.class),
          field("height", "parameters.height", Integer.class),
          field("iterations", "parameters.iterations", Integer.class),
          field("xa", "parameters.xa", Double.class),
          field("xb", "parameters.xb", Double.class),
          field("ya", "parameters.ya", Double.class),
          field("yb", "parameters.yb", Double.class),
          field("cx", "parameters.cx", Double.class),
          field("cy", "parameters.cy", Double.class),
          field("parent", "parent", String.class),
          field("status", "status", FractalStatus.class),
          field("checksum", "checksum", String.class),
          field("duration", "duration", Double.class),
          field("size", "size", Long.class),
          field("generated_by", "generatedBy", String.class),
          field("reason", "reason", String.class),
          field("attempts", "attempts", Integer.class),
          field("created_at", "createdAt", LocalDateTime.class),
          field("updated_at", "updatedAt", LocalDateTime.class));

  private static Map.Entry<String, Field> field(String name, String attribute, Class<?> type) {
    return Map.entry(name, new Field(name, attribute, type));
  }

  /** The operators, with the flask-restless spellings of each. */
  public enum Operator {
    EQ("==", "eq", "equals", "equal_to"),
    NE("!=", "ne", "neq", "not_equal_to", "does_not_equal"),
    LT("<", "lt"),
    LE("<=", "le", "lte", "leq"),
    GT(">", "gt"),
    GE(">=", "ge", "gte", "geq"),
    IN("in"),
    NOT_IN("not_in"),
    IS_NULL("is_null"),
    IS_NOT_NULL("is_not_null"),
    LIKE("like"),
    ILIKE("ilike");

    private final List<String> spellings;

    Operator(String... spellings) {
      this.spellings = List.of(spellings);
    }

    /** The operator spelled {@code op}, or null. */
    public static Operator of(String op) {
      for (Operator operator : values()) {
        if (operator.spellings.contains(op)) {
          return operator;
        }
      }
      return null;
    }

    public boolean takesNoValue() {
      return this == IS_NULL || this == IS_NOT_NULL;
    }

    public boolean takesList() {
      return this == IN || this == NOT_IN;
    }

    public boolean ordersValues() {
      return this == LT || this == LE || this == GT || this == GE;
    }
  }

  /** A filter: one condition or a group of filters. */
  public sealed interface Filter permits Condition, Group {}

  /** {@code field op value}; the value is of the field's type, a list of them, or null. */
  public record Condition(Field field, Operator op, Object value) implements Filter {}

  /** All members ({@code and}) or any of them ({@code or}). */
  public record Group(boolean any, List<Filter> members) implements Filter {}

  /** One key of the order. */
  public record Order(Field field, boolean ascending) {}
}
