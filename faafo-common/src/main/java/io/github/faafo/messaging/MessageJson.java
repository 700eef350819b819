package io.github.faafo.messaging;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.BinaryDataStrategy;
import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The one JSON form of every message on the queues: snake_case names, images in base64. Senders and
 * consumers both go through it, so the two sides cannot drift apart.
 */
public final class MessageJson {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withBinaryDataStrategy(BinaryDataStrategy.BASE_64));

  private MessageJson() {}

  public static String toJson(Object message) {
    return JSONB.toJson(message);
  }

  /**
   * Parses {@code json} into {@code type}.
   *
   * @throws MalformedMessageException when the text is not JSON of that shape
   */
  public static <T> T fromJson(String json, Class<T> type) {
    if (json == null) {
      throw new MalformedMessageException("message has no body");
    }
    try {
      T value = JSONB.fromJson(json, type);
      if (value == null) {
        throw new MalformedMessageException("message body is JSON null");
      }
      return value;
    } catch (JsonbException | ClassCastException e) {
      throw new MalformedMessageException("message body is not a valid " + type.getSimpleName(), e);
    }
  }
}
