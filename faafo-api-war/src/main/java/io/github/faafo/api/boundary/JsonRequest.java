package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.Violation;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body read strictly: size-limited, a JSON object, no unknown fields, each field of the
 * exact JSON type. Strings are never turned into numbers, fractions never into integers.
 */
public final class JsonRequest {

  /**
   * Made once: {@code Json.createReader} looks the provider up with a class-path scan each time.
   */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private final JsonObject object;
  private final List<Violation> violations = new ArrayList<>();

  private JsonRequest(JsonObject object) {
    this.object = object;
  }

  /**
   * Reads at most {@code maxBytes} of {@code body} as a JSON object with only {@code allowed}
   * fields.
   */
  public static JsonRequest read(InputStream body, int maxBytes, Set<String> allowed) {
    byte[] bytes = readLimited(body, maxBytes);
    JsonStructure structure;
    try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
      structure = reader.read();
    } catch (JsonException | IllegalStateException e) {
      throw new InvalidRequestException(
          "request body is not valid JSON: " + e.getMessage(), List.of());
    }
    if (!(structure instanceof JsonObject object)) {
      throw new InvalidRequestException("request body must be a JSON object", List.of());
    }
    JsonRequest request = new JsonRequest(object);
    for (String field : object.keySet()) {
      if (!allowed.contains(field)) {
        request.violations.add(new Violation(field, "is not a known field"));
      }
    }
    return request;
  }

  private static byte[] readLimited(InputStream body, int maxBytes) {
    if (body == null) {
      throw new InvalidRequestException("request body is missing", List.of());
    }
    try {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new InvalidRequestException(
            Response.Status.REQUEST_ENTITY_TOO_LARGE,
            "request body is larger than " + maxBytes + " bytes",
            List.of());
      }
      if (bytes.length == 0) {
        throw new InvalidRequestException("request body is missing", List.of());
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An integer field, or {@code null} when absent or JSON null. */
  public Integer integer(String field) {
    JsonValue value = value(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        return number.intValueExact();
      } catch (ArithmeticException e) {
        violations.add(new Violation(field, "is out of range"));
        return null;
      }
    }
    violations.add(new Violation(field, "must be an integer"));
    return null;
  }

  /** A long integer field, or {@code null} when absent or JSON null. */
  public Long longInteger(String field) {
    JsonValue value = value(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number && number.isIntegral()) {
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        violations.add(new Violation(field, "is out of range"));
        return null;
      }
    }
    violations.add(new Violation(field, "must be an integer"));
    return null;
  }

  /** A number field, or {@code null} when absent or JSON null; may be infinite if huge. */
  public Double number(String field) {
    JsonValue value = value(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number) {
      return number.bigDecimalValue().doubleValue();
    }
    violations.add(new Violation(field, "must be a number"));
    return null;
  }

  /** A string field, or {@code null} when absent or JSON null. */
  public String string(String field) {
    JsonValue value = value(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonString string) {
      return string.getString();
    }
    violations.add(new Violation(field, "must be a string"));
    return null;
  }

  /** True when the body names {@code field}, even as null. */
  public boolean has(String field) {
    return object.containsKey(field);
  }

  /** Type violations found so far, and unknown fields. */
  public List<Violation> violations() {
    return violations;
  }

  private JsonValue value(String field) {
    JsonValue value = object.get(field);
    return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
  }
}
