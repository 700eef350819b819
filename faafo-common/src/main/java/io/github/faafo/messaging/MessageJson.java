package io.github.faafo.messaging;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.BinaryDataStrategy;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;

/**
 * The one JSON form of every message on the queues: snake_case names, images in base64; a bundle of
 * tasks, and the reply to it, is a JSON array of such messages. Senders and consumers both go
 * through it, so the two sides cannot drift apart.
 */
public final class MessageJson {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withBinaryDataStrategy(BinaryDataStrategy.BASE_64)
              .withAdapters(new TaskMessageJson()));

  private MessageJson() {}

  public static String toJson(Object message) {
    return JSONB.toJson(message);
  }

  /** True when {@code json} is a bundle: a JSON array of messages rather than one message. */
  public static boolean isBundle(String json) {
    return json != null && json.stripLeading().startsWith("[");
  }

  /**
   * Parses one message or a bundle of them (a JSON array of at least one).
   *
   * @throws MalformedMessageException when the text is neither, or the bundle is empty or holds a
   *     null
   */
  public static <T> List<T> listFromJson(String json, Class<T> type) {
    if (!isBundle(json)) {
      return List.of(fromJson(json, type));
    }
    @SuppressWarnings("unchecked")
    T[] items = (T[]) fromJson(json, Array.newInstance(type, 0).getClass());
    if (items.length == 0 || Arrays.asList(items).contains(null)) {
      throw new MalformedMessageException(
          "a bundle must hold at least one " + type.getSimpleName() + " and no null");
    }
    return List.of(items);
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
