package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Readiness and liveness as MicroProfile Health reports them, including a missing adapter, and the
 * metrics of the timer's tasks (so the timer runs here).
 */
@ProducerTimer
class HealthIT extends SystemIT {

  @Test
  void readyWhenDatabaseBrokerAndEveryConsumerAreUp() {
    Api api = new Api(base);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.get("health/ready").status() == 200);
    JsonObject ready = api.get("health/ready").json();
    assertEquals("UP", ready.getString("status"));
    JsonObject data = api.readiness().getJsonObject("data");
    for (String queue :
        List.of("faafo.tasks", "faafo.dispatch", "faafo.tasks.dead", "faafo.replies")) {
      assertEquals("connected", data.getString(queue), data.toString());
    }
    assertTrue(data.getString("worker-storage").startsWith("writable: "), data.toString());
    assertEquals("UP", api.get("health/live").json().getString("status"));
  }

  @Test
  void metricsCountTheTasksAndTimeTheRenders() {
    Api api = new Api(base);
    await()
        .atMost(Deadline.forRendering(2, 96, 96, 64).plusSeconds(2))
        .until(
            () ->
                Api.metric(api.get("metrics", "text/plain").text(), "faafo_tasks_completed_total")
                    > 0);
    String metrics = api.get("metrics", "text/plain").text();
    assertTrue(Api.metric(metrics, "faafo_tasks_generated_total") > 0, metrics);
    assertTrue(Api.metric(metrics, "faafo_tasks_dispatched_total") > 0, metrics);
    assertTrue(Api.metric(metrics, "faafo_task_round_trip_seconds_count") > 0, metrics);
    assertTrue(Api.metric(metrics, "faafo_render_time_seconds_count") > 0, metrics);
    assertTrue(metrics.contains("faafo_tasks_in_flight"), metrics);
  }

  @Test
  void aNodeWhoseAdapterCameTooLateIsNotReady() throws Exception {
    try (WorkerNode late = WorkerNode.startWithLateAdapter("node-late", 18282)) {
      Api node = new Api(new URL("http://localhost:18282/"));
      Api.Reply ready = node.get("health/ready");
      assertEquals(503, ready.status(), ready.text());
      JsonObject check = node.readiness();
      assertEquals("DOWN", check.getString("status"));
      assertTrue(
          check.getJsonObject("data").getString("faafo.tasks").startsWith("no consumer"),
          ready.text());
    }
  }
}
