package io.github.faafo.messaging;

import io.github.faafo.fractal.entity.FractalParameters;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * Keeps a task's JSON one flat object, {@code uuid} beside the parameters, as every version of the
 * worker reads it (JSON-B has no way to unwrap a nested value), without naming the parameters
 * again.
 */
public final class TaskMessageJson implements JsonbAdapter<TaskMessage, JsonObject> {

  /** Looked up once: each lookup through {@code Json} searches the class path again. */
  private static final JsonProvider JSON = JsonProvider.provider();

  /** The uuid first, as a person reads it in the producer's "generated task" log line. */
  @Override
  public JsonObject adaptToJson(TaskMessage task) {
    JsonObject parameters =
        JSON.createReader(new StringReader(MessageJson.toJson(task.parameters()))).readObject();
    return JSON.createObjectBuilder()
        .add("uuid", task.uuid())
        .addAll(JSON.createObjectBuilder(parameters))
        .build();
  }

  @Override
  public TaskMessage adaptFromJson(JsonObject json) {
    JsonValue uuid = json.getOrDefault("uuid", JsonValue.NULL);
    if (uuid != JsonValue.NULL && !(uuid instanceof JsonString)) {
      throw new MalformedMessageException("uuid must be a string");
    }
    return new TaskMessage(
        uuid instanceof JsonString s ? s.getString() : null,
        MessageJson.fromJson(json.toString(), FractalParameters.class));
  }
}
