package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.Violation;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request body read strictly: {@code application/json} (UTF-8) only, size-limited, one flat JSON
 * object with nothing after it, no deep nesting or overlong numbers, no unknown fields, each field
 * of the exact JSON type. Strings are never turned into numbers; an integer is judged by its value
 * (64, 64.0 and 6.4e1 alike), so a fraction is never one. Every way a body can be wrong is a 400
 * (413, 415) with our error body, never a server error.
 */
public final class JsonRequest {

  /**
   * Made once: {@code Json.createReader} looks the provider up with a class-path scan each time.
   */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  /** Deeper nesting is refused before the body is read as a tree: our bodies are flat objects. */
  public static final int MAX_DEPTH = 8;

  /** Longer number literals are refused: a double needs no more than about 25 characters. */
  public static final int MAX_NUMBER_LENGTH = 100;

  private static final CharsetEncoder UTF_8 = StandardCharsets.UTF_8.newEncoder();

  private final JsonObject object;
  private final String prefix;
  private final List<Violation> violations = new ArrayList<>();

  private JsonRequest(JsonObject object, String prefix) {
    this.object = object;
    this.prefix = prefix;
  }

  /**
   * Reads at most {@code maxBytes} of {@code body} as a JSON object with only {@code allowed}
   * fields.
   */
  public static JsonRequest read(
      String contentType,
      InputStream body,
      int maxBytes,
      Duration maxReadTime,
      Set<String> allowed) {
    requireJson(contentType);
    JsonStructure structure = parse(readLimited(body, maxBytes, maxReadTime), "request body");
    if (!(structure instanceof JsonObject object)) {
      throw new InvalidRequestException("request body must be a JSON object", List.of());
    }
    return of(object, allowed, "");
  }

  /** A body that is one JSON object, or an array of them (a batch); {@code array} says which. */
  public record OneOrMany(List<JsonRequest> items, boolean array) {}

  /**
   * Reads {@code body} as {@link #read} does, except that it may also be an array of 1 to {@code
   * maxItems} such objects; then each violation names its item, as in {@code [3].width}.
   */
  public static OneOrMany readOneOrMany(
      String contentType,
      InputStream body,
      int maxBytes,
      Duration maxReadTime,
      Set<String> allowed,
      int maxItems) {
    requireJson(contentType);
    JsonStructure structure = parse(readLimited(body, maxBytes, maxReadTime), "request body");
    if (structure instanceof JsonObject object) {
      return new OneOrMany(List.of(of(object, allowed, "")), false);
    }
    JsonArray array = (JsonArray) structure;
    if (array.isEmpty() || array.size() > maxItems) {
      throw new InvalidRequestException(
          "a batch holds 1 to " + maxItems + " objects, not " + array.size(), List.of());
    }
    List<JsonRequest> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonObject object)) {
        throw new InvalidRequestException(
            "item [" + i + "] of the batch must be a JSON object", List.of());
      }
      items.add(of(object, allowed, "[" + i + "]."));
    }
    return new OneOrMany(items, true);
  }

  private static JsonRequest of(JsonObject object, Set<String> allowed, String prefix) {
    JsonRequest request = new JsonRequest(object, prefix);
    for (String field : object.keySet()) {
      if (!allowed.contains(field)) {
        request.violations.add(new Violation(prefix + field, "is not a known field"));
      }
    }
    return request;
  }

  /**
   * Parses client bytes as one JSON object or array, bounded as described above; every failure is a
   * 400 naming {@code what} was not valid JSON.
   */
  static JsonStructure parse(byte[] bytes, String what) {
    checkShape(bytes, what);
    try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
      return reader.read();
    } catch (RuntimeException e) {
      // whatever the parser throws, the bytes are the client's: never a server error
      throw new InvalidRequestException(what + " is not valid JSON: " + e.getMessage(), List.of());
    }
  }

  /** 415 unless the body is declared {@code application/json}, with no charset but UTF-8. */
  private static void requireJson(String contentType) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.valueOf(contentType);
    } catch (IllegalArgumentException e) {
      type = null;
    }
    boolean json =
        type != null
            && "application".equalsIgnoreCase(type.getType())
            && "json".equalsIgnoreCase(type.getSubtype())
            && type.getParameters().keySet().stream().allMatch("charset"::equalsIgnoreCase)
            && type.getParameters().values().stream().allMatch("utf-8"::equalsIgnoreCase);
    if (!json) {
      throw new InvalidRequestException(
          Response.Status.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json (optionally with charset=utf-8), not "
              + (contentType == null ? "missing" : "'" + contentType + "'"),
          List.of());
    }
  }

  /**
   * One pass of the streaming parser before the tree is built: nesting no deeper than {@link
   * #MAX_DEPTH}, numbers no longer than {@link #MAX_NUMBER_LENGTH} characters, and nothing after
   * the first value.
   */
  private static void checkShape(byte[] bytes, String what) {
    try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(bytes))) {
      int depth = 0;
      do {
        switch (parser.next()) {
          case START_OBJECT, START_ARRAY -> {
            if (++depth > MAX_DEPTH) {
              throw new InvalidRequestException(
                  what + " is nested deeper than " + MAX_DEPTH + " levels", List.of());
            }
          }
          case END_OBJECT, END_ARRAY -> depth--;
          case VALUE_NUMBER -> {
            if (parser.getString().length() > MAX_NUMBER_LENGTH) {
              throw new InvalidRequestException(
                  what + " has a number longer than " + MAX_NUMBER_LENGTH + " characters",
                  List.of());
            }
          }
          default -> {
            // keys, strings, literals: nothing to bound here
          }
        }
      } while (depth > 0);
      if (parser.hasNext()) {
        throw new InvalidRequestException(what + " has more after its JSON value", List.of());
      }
    } catch (InvalidRequestException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidRequestException(what + " is not valid JSON: " + e.getMessage(), List.of());
    }
  }

  /**
   * At most {@code maxBytes}, arriving within {@code maxReadTime}: a client that trickles its body
   * gets 408 instead of holding a request thread for as long as it likes.
   */
  private static byte[] readLimited(InputStream body, int maxBytes, Duration maxReadTime) {
    if (body == null) {
      throw new InvalidRequestException("request body is missing", List.of());
    }
    try {
      long deadline = System.nanoTime() + maxReadTime.toNanos();
      // Starts small and grows as bytes arrive, up to one byte over the limit (to see a body that
      // is too large): a typical body of a hundred bytes costs no 64 KiB buffer.
      int limit = maxBytes + 1;
      byte[] buffer = new byte[Math.min(limit, 1024)];
      int length = 0;
      int read;
      // Ask only for what has arrived (at least one byte): a server's stream may otherwise block
      // until the whole buffer is full, and the deadline could not be checked in between.
      while (length < limit
          && (read = body.read(buffer, length, wanted(body, buffer.length - length))) >= 0) {
        length += read;
        if (length == buffer.length && length < limit) {
          buffer = Arrays.copyOf(buffer, Math.min(limit, 2 * buffer.length));
        }
        if (System.nanoTime() - deadline > 0) {
          throw new InvalidRequestException(
              Response.Status.REQUEST_TIMEOUT,
              "request body did not arrive within " + maxReadTime.toSeconds() + " s",
              List.of());
        }
      }
      byte[] bytes = Arrays.copyOf(buffer, length);
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
      // the client stopped sending (or the server's read timeout ended a trickling body)
      throw new InvalidRequestException(
          "request body could not be read: " + e.getMessage(), List.of());
    }
  }

  private static int wanted(InputStream body, int room) throws IOException {
    return Math.max(1, Math.min(body.available(), room));
  }

  /** An integer field, or {@code null} when absent or JSON null. */
  public Integer integer(String field) {
    Long value = longInteger(field);
    if (value != null && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
      violations.add(new Violation(prefix + field, "is out of range"));
      return null;
    }
    return value == null ? null : value.intValue();
  }

  /** A long integer field, or {@code null} when absent or JSON null. */
  public Long longInteger(String field) {
    JsonValue value = value(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonNumber number) {
      BigDecimal exact = number.bigDecimalValue();
      if (exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0) {
        try {
          return exact.longValueExact();
        } catch (ArithmeticException e) {
          violations.add(new Violation(prefix + field, "is out of range"));
          return null;
        }
      }
    }
    violations.add(new Violation(prefix + field, "must be an integer"));
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
    violations.add(new Violation(prefix + field, "must be a number"));
    return null;
  }

  /** A string field, or {@code null} when absent or JSON null. */
  public String string(String field) {
    JsonValue value = value(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonString string) {
      String text = string.getString();
      synchronized (UTF_8) {
        if (!UTF_8.canEncode(text)) {
          violations.add(
              new Violation(prefix + field, "must be valid Unicode (it has a lone surrogate)"));
          return null;
        }
      }
      return text;
    }
    violations.add(new Violation(prefix + field, "must be a string"));
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
