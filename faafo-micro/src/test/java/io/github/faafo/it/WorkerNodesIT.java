package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scale-out and a worker's death: a second, worker-only node shares the tasks with the first, and
 * when it is killed with SIGKILL mid-render, its tasks go to the other node and complete. The
 * second node is given a list of broker nodes whose first does not exist, as when a cluster node is
 * down: it connects to the next one; and a broker user of its own whose password holds ":" and "=",
 * which must reach the adapter unchanged.
 */
// its heavy tasks wait their turn for longer than the tests' reply timeout (8 s): the sweep would
// send them again, a duplicate done by node-1 first would take node-2's part, and this test is
// about the broker giving a dead node's unacknowledged tasks to the other, not about the sweep
@ServerSettings("faafo.producer.reply-timeout-seconds=600")
class WorkerNodesIT extends SystemIT {

  /** The second node's own broker user; its password holds asadmin's list separators. */
  private static final String SECOND_USER = "faafo-it-node-2";

  private final String password = "pa:ss=" + UUID.randomUUID();

  @BeforeEach
  void addSecondNodesUser() {
    Services.addBrokerUser(SECOND_USER, password);
  }

  @AfterEach
  void deleteSecondNodesUser() {
    Services.deleteBrokerUser(SECOND_USER);
  }

  @Test
  void twoNodesShareABatchAndKillingOneMidRenderLosesNothing() throws Exception {
    Api api = new Api(base);
    try (WorkerNode second =
        WorkerNode.start(
            "node-2",
            18181,
            Map.of(
                "FAAFO_RABBITMQ_HOST", "broker-down.invalid,localhost",
                "FAAFO_RABBITMQ_USER", SECOND_USER,
                "FAAFO_RABBITMQ_PASSWORD", password))) {
      second.awaitLine(
          "from amqp://broker-down.invalid:5672,localhost:5672", Duration.ofSeconds(5));
      List<String> uuids = new ArrayList<>();
      // heavy tasks: inside the filled Julia set of the "rabbit" almost no pixel escapes, so each
      // costs about a billion iterations and the second node still holds some when it dies
      String heavy =
          "{\"width\":1400,\"height\":1400,\"iterations\":540,\"xa\":-0.4,\"xb\":0.4,"
              + "\"ya\":-0.4,\"yb\":0.4,\"cx\":-0.12,\"cy\":0.75}";
      for (int i = 0; i < 24; i++) {
        Api.Reply created = api.post("api/fractal", heavy);
        assertEquals(201, created.status(), created.text());
        uuids.add(created.json().getString("uuid"));
      }
      second.awaitLine("processing task", Duration.ofSeconds(60));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Database.count("status = 'done' AND generated_by = 'node-2'") > 0);
      long doneWhenKilled = Database.count("status = 'done' AND generated_by = 'node-2'");
      // the records' states from the database while both nodes render, and who rendered each: in
      // two loaded runs of the suite a GET through this node got no answer within 30 s at the
      // moment the WildFly check beside the tests was tearing down (not explained yet, see the
      // closing note of 2026-12-08); the API is asked for the records and images at the end,
      // once it answers again
      long openWhenKilled = uuids.stream().filter(u -> !"done".equals(Database.status(u))).count();
      second.kill();
      assertTrue(openWhenKilled > 0, "the batch was over before the node died");

      await()
          .atMost(Deadline.forRendering(uuids.size(), 1400, 1400, 540))
          .until(() -> uuids.stream().allMatch(u -> "done".equals(Database.status(u))));
      Set<String> nodes =
          uuids.stream()
              .map(u -> Database.text("SELECT generated_by FROM fractal WHERE uuid = ?", u))
              .collect(Collectors.toSet());
      assertTrue(nodes.contains("node-1") && nodes.contains("node-2"), "rendered by " + nodes);
      long asked = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(2))
          .ignoreExceptions()
          .until(() -> api.get("api/fractal/" + uuids.get(0)).status() == 200);
      double answeredAfter = (System.nanoTime() - asked) / 1e9;
      if (answeredAfter > 5) {
        System.out.printf(
            Locale.ROOT, "faafo: the API answered a read only after %.1f s%n", answeredAfter);
      }
      for (String uuid : uuids) {
        JsonObject fractal = api.get("api/fractal/" + uuid).json();
        byte[] png = api.get("api/fractal/" + uuid + "/image").body();
        assertEquals(fractal.getString("checksum"), PipelineIT.sha256(png), uuid);
      }
      Report.line(
          "worker killed",
          uuids.size()
              + " tasks on 2 nodes, node-2 killed (SIGKILL) after rendering "
              + doneWhenKilled
              + " with "
              + openWhenKilled
              + " not done yet: "
              + uuids.size()
              + " done, 0 lost, rendered by "
              + nodes);
    }
  }
}
