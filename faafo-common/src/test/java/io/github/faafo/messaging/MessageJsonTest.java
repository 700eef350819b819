package io.github.faafo.messaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.entity.FractalParameters;
import jakarta.json.Json;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageJsonTest {

  @Test
  void taskTravelsAsSnakeCaseJsonAndBack() {
    TaskMessage task =
        new TaskMessage(
            "3f2b9a3e-0c1d-4a5b-8c7d-9e0f1a2b3c4d",
            new FractalParameters(510, 278, 281, -3.35, 1.14, -2.13, 2.48, null, null));
    String json = MessageJson.toJson(task);
    assertTrue(
        json.startsWith(
            "{\"uuid\":\"3f2b9a3e-0c1d-4a5b-8c7d-9e0f1a2b3c4d\",\"height\":278,\"iterations\":281,"),
        json);
    TaskMessage back = MessageJson.fromJson(json, TaskMessage.class);
    assertEquals(task, back);
    assertNull(back.parameters().cx());
  }

  @Test
  void aTaskIsOneFlatObjectAsEveryVersionOfTheWorkerReadsIt() {
    String flat =
        "{\"uuid\":\"u\",\"width\":8,\"height\":9,\"iterations\":10,\"xa\":-1.5,"
            + "\"xb\":1.5,\"ya\":-1.0,\"yb\":1.0,\"cx\":-0.8,\"cy\":0.156}";
    TaskMessage task = MessageJson.fromJson(flat, TaskMessage.class);
    assertEquals(
        new TaskMessage("u", new FractalParameters(8, 9, 10, -1.5, 1.5, -1.0, 1.0, -0.8, 0.156)),
        task);
    assertEquals(
        Json.createReader(new StringReader(flat)).readObject(),
        Json.createReader(new StringReader(MessageJson.toJson(task))).readObject());
    TaskMessage partial = MessageJson.fromJson("{\"width\":8}", TaskMessage.class);
    assertNull(partial.uuid());
    assertNull(partial.parameters().height());
    assertThrows(
        MalformedMessageException.class,
        () -> MessageJson.fromJson("{\"uuid\":7,\"width\":8}", TaskMessage.class));
  }

  @Test
  void resultCarriesItsImagesInBase64() {
    ResultMessage result =
        new ResultMessage(
            "u", 0.5, "ab", 3, "node-1", -0.8, 0.156, 2, new byte[] {1, 2, 3}, new byte[] {9});
    String json = MessageJson.toJson(result);
    assertTrue(json.contains("\"generated_by\":\"node-1\""), json);
    assertTrue(json.contains("\"png\":\"AQID\""), json);
    ResultMessage back = MessageJson.fromJson(json, ResultMessage.class);
    assertArrayEquals(new byte[] {1, 2, 3}, back.png());
    assertEquals(2, back.deliveries());
    assertEquals("node-1", back.generatedBy());
  }

  @Test
  void aDispatchRequestNamesSeveralFractalsAndStillReadsTheSingleFormOfEarlierVersions() {
    String json = MessageJson.toJson(DispatchRequest.of(List.of("a", "b")));
    assertEquals("{\"uuids\":[\"a\",\"b\"]}", json);
    assertEquals(List.of("a", "b"), MessageJson.fromJson(json, DispatchRequest.class).fractals());
    assertEquals(
        List.of("c"), MessageJson.fromJson("{\"uuid\":\"c\"}", DispatchRequest.class).fractals());
  }

  @Test
  void aBundleIsAnArrayOfMessagesAndOneMessageReadsAsABundleOfOne() {
    TaskMessage a =
        new TaskMessage("a", new FractalParameters(8, 8, 8, -1.0, 1.0, -1.0, 1.0, null, null));
    TaskMessage b =
        new TaskMessage("b", new FractalParameters(9, 9, 9, -1.0, 1.0, -1.0, 1.0, -0.8, 0.156));
    String bundle = MessageJson.toJson(List.of(a, b));
    assertTrue(MessageJson.isBundle(bundle), bundle);
    assertEquals(List.of(a, b), MessageJson.listFromJson(bundle, TaskMessage.class));
    String one = MessageJson.toJson(a);
    assertFalse(MessageJson.isBundle(one));
    assertEquals(List.of(a), MessageJson.listFromJson(one, TaskMessage.class));
    for (String bad : List.of("[]", " [null]", "[1,2]", "[{\"uuid\":\"a\"}", "not json")) {
      assertThrows(
          MalformedMessageException.class,
          () -> MessageJson.listFromJson(bad, TaskMessage.class),
          bad);
    }
  }

  @Test
  void unreadableBodiesAreMalformed() {
    assertThrows(
        MalformedMessageException.class, () -> MessageJson.fromJson("not json", TaskMessage.class));
    assertThrows(
        MalformedMessageException.class, () -> MessageJson.fromJson("null", TaskMessage.class));
    assertThrows(
        MalformedMessageException.class, () -> MessageJson.fromJson(null, TaskMessage.class));
    assertThrows(
        MalformedMessageException.class,
        () -> MessageJson.fromJson("{\"width\":\"wide\"}", TaskMessage.class));
  }
}
