package io.github.faafo.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.jms.admin.RMQConnectionFactory;
import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.TaskMessage;
import io.github.faafo.worker.control.FractalRenderer;
import io.github.faafo.worker.control.RenderedFractal;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Measures request/reply and the whole pipeline, each next to its reference, in one run. */
public final class PipelineBenchmark {

  private static final String BASE = env("FAAFO_BENCH_URL", "http://127.0.0.1:8090");
  private static final String VHOST = env("FAAFO_RABBITMQ_VHOST", "faafo-bench");
  private static final String DB_URL =
      env("FAAFO_BENCH_DB_URL", "jdbc:mysql://127.0.0.1:3306/faafo_bench");
  private static final Path DB_PASSWORD =
      Path.of(env("FAAFO_BENCH_DB_PASSWORD_FILE", "target/secrets/db-password"));

  private static final int IN_FLIGHT = 32;
  private double originalWorkerMs;
  private static final Duration WARM_UP = Duration.ofSeconds(1);
  private static final Duration MEASURE = Duration.ofSeconds(4);
  private static final int HTTP_CLIENTS = 8;
  private static final int STREAM_WINDOW = 32;
  private static final int BATCH = 32;
  private static final int BATCH_WINDOW = 256;
  private static final Duration STREAM_WARM_UP = Duration.ofSeconds(5);
  private static final Duration STREAM_MEASURE = Duration.ofSeconds(20);

  /** A fresh Payara Micro needs minutes of load before its code is compiled; see benchmarks.md. */
  private static final Duration WARM_UP_LOAD = Duration.ofSeconds(90);

  /** The request of the messaging references: about the size of a task message. */
  private static final String ECHO_BODY =
      "{\"uuid\":\"00000000-0000-4000-8000-000000000000\",\"width\":510,\"height\":278,"
          + "\"iterations\":281,\"xa\":-3.3528957195683087,\"xb\":1.1428457603077387,"
          + "\"ya\":-2.1341119130263717,\"yb\":2.478654026560605,\"cx\":null,\"cy\":null}";

  /** The original's documented example task (docs/source/usage.rst), with c = -0.8 + 0.156i. */
  private static final String ORIGINAL_TASK =
      task(
          510,
          278,
          281,
          -3.3528957195683087,
          1.1428457603077387,
          -2.1341119130263717,
          2.478654026560605,
          -0.8,
          0.156);

  private static final String SMALL_TASK = task(64, 64, 64, -1.6, 1.6, -1.6, 1.6, -0.8, 0.156);

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ThreadLocal<Connection> db = ThreadLocal.withInitial(PipelineBenchmark::openDb);

  private PipelineBenchmark() {}

  /**
   * {@code all} (default) runs every measurement; {@code burst N [small]} only posts N tasks at
   * once (510 x 278, or 64 x 64 with {@code small}) and waits for them; {@code batches S} only
   * streams 64 x 64 tasks in batches for S seconds, as (c.ii-batch) does, and {@code singles S} one
   * POST each, as (c.ii) does (to profile those paths).
   */
  public static void main(String[] args) throws Exception {
    PipelineBenchmark bench = new PipelineBenchmark();
    if (args.length > 0 && args[0].equals("burst")) {
      bench.burst(
          args.length > 1 ? Integer.parseInt(args[1]) : 1000,
          args.length > 2 && args[2].equals("small"));
    } else if (args.length > 0 && args[0].equals("batches")) {
      Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
      print(bench.stream(STREAM_WARM_UP, measured, n -> SMALL_TASK, BATCH, BATCH_WINDOW));
    } else if (args.length > 0 && args[0].equals("singles")) {
      Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
      print(bench.stream(STREAM_WARM_UP, measured, n -> SMALL_TASK));
    } else {
      bench.all();
    }
    System.exit(0);
  }

  private void all() throws Exception {
    say("== (a) raw AMQP request/reply, direct reply-to, echo consumer in this process");
    List<Stats> amqp = amqp();
    amqp.forEach(PipelineBenchmark::print);
    say("== (b) RabbitMQ JMS client request/reply, temporary queue, JMS echo in this process");
    List<Stats> jms = jms();
    jms.forEach(PipelineBenchmark::print);

    say(
        "== warm-up (not measured): "
            + WARM_UP_LOAD.toSeconds()
            + " s of 64 x 64 tasks, every 8th a 510 x 278 one, every 8th a default-mix one");
    Random warmUpMix = new Random(7);
    stream(
        WARM_UP_LOAD,
        Duration.ZERO,
        n -> n % 8 == 3 ? ORIGINAL_TASK : n % 8 == 6 ? randomTask(warmUpMix) : SMALL_TASK);
    say("== (c.i) POST /api/fractal -> done, 510 x 278, 281 iterations, fixed c, sequential");
    Stats original = sequentialOriginal();
    say(
        "== (c.ii) stream of 64 x 64 tasks, "
            + HTTP_CLIENTS
            + " HTTP clients, window "
            + STREAM_WINDOW);
    Stats stream = stream(STREAM_WARM_UP, STREAM_MEASURE, n -> SMALL_TASK);
    print(stream);
    say(
        "== (c.ii-batch) the same 64 x 64 tasks in batches of "
            + BATCH
            + " (a POST of a JSON array), "
            + HTTP_CLIENTS
            + " HTTP clients, at most "
            + BATCH_WINDOW
            + " tasks not done");
    Stats batches = stream(STREAM_WARM_UP, STREAM_MEASURE, n -> SMALL_TASK, BATCH, BATCH_WINDOW);
    print(batches);
    say("== (c.iii) default random mix, sequential: pipeline vs render + encode");
    double[] mix = mix(30);

    say("== summary against the targets");
    double latencyRatio = jms.get(0).p50() / amqp.get(0).p50();
    double rateRatio = amqp.get(1).rate() / jms.get(1).rate();
    verdict(
        "JMS listener p50 / raw AMQP p50, sequential",
        latencyRatio,
        "x",
        "<= 2",
        latencyRatio <= 2);
    verdict(
        "raw AMQP rate / JMS listener rate, " + IN_FLIGHT + " in flight",
        rateRatio,
        "x",
        "<= 2",
        rateRatio <= 2);
    double originalRatio = original.p50() / originalWorkerMs;
    verdict(
        "510 x 278 POST -> done median / worker's part",
        originalRatio,
        "x",
        "<= 2",
        originalRatio <= 2);
    double single = stream.rate() / amqp.get(1).rate();
    double batched = batches.rate() / amqp.get(1).rate();
    say(
        f(
            "  64 x 64 completed/s: single POSTs %.0f/s, batches of %d %.0f/s; raw AMQP round"
                + " trips/s (%d in flight) %.0f/s",
            stream.rate(), BATCH, batches.rate(), IN_FLIGHT, amqp.get(1).rate()));
    verdict("64 x 64 single POSTs / raw AMQP rate", single, "x", ">= 0.04", single >= 0.04);
    verdict("64 x 64 batches / raw AMQP rate", batched, "x", ">= 0.10", batched >= 0.10);
    verdict("default mix pipeline / (render + encode)", mix[0], "x", "<= 1.5", mix[0] <= 1.5);
  }

  private static void verdict(String what, double value, String unit, String target, boolean met) {
    say(f("  %-52s %8.2f %-3s target %-8s %s", what, value, unit, target, met ? "met" : "NOT met"));
  }

  // ---------------------------------------------------------------- (a) raw AMQP

  private List<Stats> amqp() throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setVirtualHost(VHOST);
    try (com.rabbitmq.client.Connection echoSide = factory.newConnection("faafo-bench echo");
        com.rabbitmq.client.Connection client = factory.newConnection("faafo-bench client")) {
      Channel echo = echoSide.createChannel();
      String queue = echo.queueDeclare("", false, true, true, null).getQueue();
      echo.basicConsume(
          queue,
          true,
          (tag, d) ->
              echo.basicPublish(
                  "",
                  d.getProperties().getReplyTo(),
                  new AMQP.BasicProperties.Builder()
                      .correlationId(d.getProperties().getCorrelationId())
                      .build(),
                  d.getBody()),
          tag -> {});
      Channel channel = client.createChannel();
      byte[] body = ECHO_BODY.getBytes(StandardCharsets.UTF_8);
      Loop loop =
          new Loop() {
            @Override
            void send(String id) throws IOException {
              AMQP.BasicProperties props =
                  new AMQP.BasicProperties.Builder()
                      .correlationId(id)
                      .replyTo("amq.rabbitmq.reply-to")
                      .build();
              channel.basicPublish("", queue, props, body);
            }
          };
      channel.basicConsume(
          "amq.rabbitmq.reply-to",
          true,
          (tag, d) -> loop.replied(d.getProperties().getCorrelationId()),
          tag -> {});
      return List.of(
          loop.run("raw AMQP direct reply-to, sequential", 1),
          loop.run("raw AMQP direct reply-to, " + IN_FLIGHT + " in flight", IN_FLIGHT));
    }
  }

  // ---------------------------------------------------------------- (b) JMS client

  private List<Stats> jms() throws Exception {
    // The settings of the resource adapter's factory (BrokerSettings).
    RMQConnectionFactory factory = new RMQConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setVirtualHost(VHOST);
    factory.setOnMessageTimeoutMs(600_000);
    factory.setRequeueOnMessageListenerException(false);
    factory.setDeclareReplyToDestination(false);
    String echoName = "faafo-bench.echo";
    List<Stats> results = new ArrayList<>();
    try (jakarta.jms.Connection echoSide = factory.createConnection();
        jakarta.jms.Connection client = factory.createConnection()) {
      Session echo = echoSide.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue queue = echo.createQueue(echoName);
      MessageProducer echoReply = echo.createProducer(null);
      echo.createConsumer(queue)
          .setMessageListener(
              m -> {
                try {
                  TextMessage reply = echo.createTextMessage(((TextMessage) m).getText());
                  reply.setJMSCorrelationID(m.getJMSCorrelationID());
                  echoReply.send(m.getJMSReplyTo(), reply);
                } catch (JMSException e) {
                  throw new IllegalStateException(e);
                }
              });
      echoSide.start();

      // As TaskRequestor: one session listens on the temporary queue, another one sends.
      Session replies = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
      TemporaryQueue replyQueue = replies.createTemporaryQueue();
      Session sends = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
      MessageProducer producer = sends.createProducer(null);
      int[] deliveryMode = {DeliveryMode.PERSISTENT};
      Loop loop =
          new Loop() {
            @Override
            void send(String id) throws JMSException {
              TextMessage m = sends.createTextMessage(ECHO_BODY);
              m.setJMSCorrelationID(id);
              m.setJMSReplyTo(replyQueue);
              producer.send(queue, m, deliveryMode[0], Message.DEFAULT_PRIORITY, 0);
            }
          };
      replies.createConsumer(replyQueue).setMessageListener(m -> loop.replied(correlation(m)));
      client.start();
      results.add(loop.run("JMS temp queue + MessageListener, sequential", 1));
      results.add(
          loop.run("JMS temp queue + MessageListener, " + IN_FLIGHT + " in flight", IN_FLIGHT));
      deliveryMode[0] = DeliveryMode.NON_PERSISTENT;
      results.add(loop.run("JMS listener, sequential, NON_PERSISTENT", 1));

      // For contrast: the same request/reply, waiting in MessageConsumer.receive().
      Session receiving = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
      TemporaryQueue receiveQueue = receiving.createTemporaryQueue();
      MessageConsumer consumer = receiving.createConsumer(receiveQueue);
      Recorder recorder = new Recorder();
      long end = recorder.schedule();
      for (long n = 0; System.nanoTime() < end; n++) {
        String id = Long.toString(n);
        TextMessage m = sends.createTextMessage(ECHO_BODY);
        m.setJMSCorrelationID(id);
        m.setJMSReplyTo(receiveQueue);
        long start = System.nanoTime();
        producer.send(queue, m);
        Message reply = consumer.receive(5_000);
        if (reply == null || !id.equals(reply.getJMSCorrelationID())) {
          throw new IllegalStateException("no echo within 5 s for request " + id);
        }
        recorder.record(start);
      }
      results.add(recorder.stats("JMS temp queue + receive(), sequential"));
    } finally {
      deleteQueue(echoName);
    }
    return results;
  }

  private static String correlation(Message m) {
    try {
      return m.getJMSCorrelationID();
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteQueue(String name) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setVirtualHost(VHOST);
    try (com.rabbitmq.client.Connection c = factory.newConnection("faafo-bench cleanup")) {
      c.createChannel().queueDelete(name);
    }
  }

  // ---------------------------------------------------------------- (c) the pipeline

  /** The original's task one at a time: POST sent until a 1 ms poll of the database sees done. */
  private Stats sequentialOriginal() throws Exception {
    for (int i = 0; i < 20; i++) {
      awaitDone(post(ORIGINAL_TASK), Duration.ofSeconds(30));
    }
    List<String> ids = new ArrayList<>();
    List<Double> observed = new ArrayList<>();
    List<Double> postMs = new ArrayList<>();
    Map<String, long[]> wallClock = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      long startMillis = System.currentTimeMillis();
      long start = System.nanoTime();
      String id = post(ORIGINAL_TASK);
      postMs.add((System.nanoTime() - start) / 1e6);
      awaitDone(id, Duration.ofSeconds(30));
      observed.add((System.nanoTime() - start) / 1e6);
      wallClock.put(id, new long[] {startMillis, System.currentTimeMillis()});
      ids.add(id);
    }
    Stats result = Stats.of("POST sent -> done seen (1 ms DB poll), 100 tasks", observed, 0);
    print(result);
    print(Stats.of("POST round trip (201 received)", postMs, 0));
    noteTimestampPrecision(ids);
    stages(wallClock);
    originalWorkerMs = workerMs(rows(ids).values());
    return result;
  }

  /**
   * The worker's own part of these tasks: the median render time it recorded, plus encode,
   * thumbnail and checksum of one of them measured here (the worker does not report those).
   */
  private static double workerMs(Collection<Row> rows) {
    TaskMessage task = rows.iterator().next().task();
    for (int i = 0; i < 10; i++) {
      FractalRenderer.render(task, 160);
    }
    long start = System.nanoTime();
    RenderedFractal r = FractalRenderer.render(task, 160);
    double encodeMs = (System.nanoTime() - start) / 1e6 - r.durationSeconds() * 1e3;
    List<Double> render = rows.stream().map(row -> row.durationSeconds() * 1e3).sorted().toList();
    double workerMs = render.get(render.size() / 2) + encodeMs;
    say(
        f(
            "  the worker's part: render (median of its durations) %.2f ms + encode here %.2f ms"
                + " = %.2f ms",
            render.get(render.size() / 2), encodeMs, workerMs));
    return workerMs;
  }

  /**
   * Where the time of the sequential tasks goes, from the server's log lines (their timeMillis):
   * only when FAAFO_BENCH_LOG names the log of the server under test.
   */
  private static void stages(Map<String, long[]> wallClock) throws Exception {
    String log = System.getenv("FAAFO_BENCH_LOG");
    if (log == null || !Files.isReadable(Path.of(log))) {
      say("  (no stage breakdown: set FAAFO_BENCH_LOG to the server's log)");
      return;
    }
    Thread.sleep(500);
    Pattern line =
        Pattern.compile(
            "timeMillis: (\\d+)\\].*\\] (processing task |task |saved result of task )"
                + "([0-9a-f-]{36})( processed in| processed:)?");
    Map<String, long[]> events = new HashMap<>();
    try (Stream<String> lines = Files.lines(Path.of(log))) {
      lines.forEach(
          l -> {
            Matcher m = line.matcher(l);
            if (m.find() && wallClock.containsKey(m.group(3))) {
              long[] e = events.computeIfAbsent(m.group(3), k -> new long[4]);
              int stage =
                  m.group(2).startsWith("processing")
                      ? 0
                      : m.group(2).startsWith("saved")
                          ? 2
                          : " processed in".equals(m.group(4)) ? 1 : 3;
              e[stage] = Long.parseLong(m.group(1));
            }
          });
    }
    String[] names = {
      "POST sent -> worker starts (API tx, hand-off to the producer, task send)",
      "worker: validate, pick c, render",
      "worker: encode PNG + thumbnail, checksum, write file",
      "reply (JSON + base64) -> listener -> result tx committed",
      "result logged -> client poll sees done (< 0: logged after commit)"
    };
    List<List<Double>> spans = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      spans.add(new ArrayList<>());
    }
    for (Map.Entry<String, long[]> entry : events.entrySet()) {
      long[] e = entry.getValue();
      long[] client = wallClock.get(entry.getKey());
      long[] points = {client[0], e[0], e[1], e[2], e[3], client[1]};
      if (Arrays.stream(e).allMatch(t -> t > 0)) {
        for (int i = 0; i < names.length; i++) {
          spans.get(i).add((double) (points[i + 1] - points[i]));
        }
      }
    }
    say("  stages from the server log (1 ms resolution), " + spans.get(0).size() + " tasks:");
    for (int i = 0; i < names.length; i++) {
      print(Stats.of("  " + names[i], spans.get(i), 0));
    }
  }

  /** Says whether the database keeps milliseconds; this build's records have whole seconds. */
  private void noteTimestampPrecision(List<String> ids) throws SQLException {
    try (PreparedStatement s =
        db.get()
            .prepareStatement(
                "SELECT COUNT(*) FROM fractal WHERE uuid IN ("
                    + ids.stream().map(x -> "?").collect(Collectors.joining(","))
                    + ") AND (MICROSECOND(created_at) <> 0 OR MICROSECOND(updated_at) <> 0)")) {
      for (int i = 0; i < ids.size(); i++) {
        s.setString(i + 1, ids.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0) {
          say("  (created_at/updated_at hold whole seconds here, so times are the client's)");
        }
      }
    }
  }

  /**
   * Tasks from several HTTP clients, at most STREAM_WINDOW of them not done at any time; this
   * thread polls the database every 5 ms for the ones not yet done. Measures after {@code warmUp}
   * for {@code measure}; {@code tasks} gives the n-th task of each client.
   */
  private Stats stream(Duration warmUp, Duration measure, IntFunction<String> tasks)
      throws Exception {
    return stream(warmUp, measure, tasks, 1, STREAM_WINDOW);
  }

  /**
   * As above, each POST a batch of {@code batch} tasks (a JSON array, ids chosen here), at most
   * {@code inFlight} tasks not done at any time.
   */
  private Stats stream(
      Duration warmUp, Duration measure, IntFunction<String> tasks, int batch, int inFlight)
      throws Exception {
    Map<String, Long> open = new ConcurrentHashMap<>();
    Semaphore window = new Semaphore(inFlight);
    long warmEnd = System.nanoTime() + warmUp.toNanos();
    long end = warmEnd + measure.toNanos();
    AtomicInteger postedInWindow = new AtomicInteger();
    AtomicInteger doneInWindow = new AtomicInteger();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(HTTP_CLIENTS);
    List<Future<?>> posters = new ArrayList<>();
    for (int c = 0; c < HTTP_CLIENTS; c++) {
      posters.add(
          clients.submit(
              () -> {
                for (int n = 0; System.nanoTime() < end; ) {
                  if (!window.tryAcquire(batch, 1, TimeUnit.MILLISECONDS)) {
                    continue;
                  }
                  long start = System.nanoTime();
                  List<String> ids = new ArrayList<>();
                  if (batch == 1) {
                    ids.add(post(tasks.apply(n++)));
                  } else {
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                      ids.add(UUID.randomUUID().toString());
                      items.add(
                          "{\"uuid\":\"" + ids.get(i) + "\"," + tasks.apply(n++).substring(1));
                    }
                    postBatch("[" + String.join(",", items) + "]");
                  }
                  ids.forEach(id -> open.put(id, start));
                  if (start >= warmEnd && start < end) {
                    postedInWindow.addAndGet(ids.size());
                  }
                }
                return null;
              }));
    }
    long drainEnd = end + Duration.ofSeconds(60).toNanos();
    CpuSnapshot cpuFrom = null;
    CpuSnapshot cpuTo = null;
    while (System.nanoTime() < end || !open.isEmpty()) {
      if (cpuFrom == null && System.nanoTime() >= warmEnd) {
        cpuFrom = cpu();
      }
      if (cpuTo == null && System.nanoTime() >= end) {
        cpuTo = cpu();
      }
      if (System.nanoTime() > drainEnd) {
        throw new IllegalStateException(open.size() + " fractal(s) not done 60 s after the load");
      }
      for (String id : finished(open.keySet())) {
        long now = System.nanoTime();
        long start = open.remove(id);
        window.release();
        if (start >= warmEnd && start < end) {
          latencies.add((now - start) / 1e6);
        }
        if (now >= warmEnd && now < end) {
          doneInWindow.incrementAndGet();
        }
      }
      Thread.sleep(5);
    }
    for (Future<?> p : posters) {
      p.get();
    }
    clients.shutdown();
    double seconds = measure.toNanos() / 1e9;
    if (doneInWindow.get() == 0) {
      return Stats.of("no task done in the measurement window", latencies, 0);
    }
    say(
        f(
            "  posted %d in the %.0f s window (%.0f/s), %d done in it",
            postedInWindow.get(), seconds, postedInWindow.get() / seconds, doneInWindow.get()));
    printCpu(cpuFrom, cpuTo, doneInWindow.get());
    return Stats.of(
        "64 x 64: POST sent -> done seen; rate = done in window / s",
        latencies,
        doneInWindow.get() / seconds);
  }

  /** Which of {@code ids} are no longer pending; fails on a failed one. */
  private List<String> finished(Set<String> ids) throws SQLException {
    List<String> batch = List.copyOf(ids);
    if (batch.isEmpty()) {
      return batch;
    }
    List<String> done = new ArrayList<>();
    try (PreparedStatement s =
        db.get()
            .prepareStatement(
                "SELECT uuid, status FROM fractal WHERE status <> 'pending' AND uuid IN ("
                    + batch.stream().map(x -> "?").collect(Collectors.joining(","))
                    + ")")) {
      for (int i = 0; i < batch.size(); i++) {
        s.setString(i + 1, batch.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          if (!rs.getString(2).equals("done")) {
            throw new IllegalStateException("fractal " + rs.getString(1) + " " + rs.getString(2));
          }
          done.add(rs.getString(1));
        }
      }
    }
    return done;
  }

  /** The original's random tasks one at a time; pipeline time against render + encode time. */
  private double[] mix(int count) throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 3; i++) {
      awaitDone(post(randomTask(random)), Duration.ofSeconds(60));
    }
    Map<String, Double> pipelineMs = new HashMap<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      String id = post(randomTask(random));
      awaitDone(id, Duration.ofSeconds(60));
      pipelineMs.put(id, (System.nanoTime() - start) / 1e6);
    }
    Map<String, Row> rows = rows(List.copyOf(pipelineMs.keySet()));
    // The worker does not report its encode time: render and encode each task again here, with
    // the constant the worker used, once to warm up and once measured, while the server idles.
    rows.values().forEach(row -> FractalRenderer.render(row.task(), 160));
    double pipeline = 0;
    double reference = 0;
    double renderServer = 0;
    double renderHere = 0;
    double encodeHere = 0;
    List<Double> ratios = new ArrayList<>();
    for (Row row : rows.values()) {
      long start = System.nanoTime();
      RenderedFractal r = FractalRenderer.render(row.task(), 160);
      double encodeMs = (System.nanoTime() - start) / 1e6 - r.durationSeconds() * 1e3;
      double ref = row.durationSeconds() * 1e3 + encodeMs;
      double ms = pipelineMs.get(row.task().uuid());
      pipeline += ms;
      reference += ref;
      renderServer += row.durationSeconds() * 1e3;
      renderHere += r.durationSeconds() * 1e3;
      encodeHere += encodeMs;
      ratios.add(ms / ref);
    }
    int n = rows.size();
    say(
        f(
            "  %d tasks, means: POST sent -> done seen %.1f ms; worker render (duration) %.1f ms,"
                + " encode + thumbnail + checksum here %.1f ms (render here %.1f ms)",
            n, pipeline / n, renderServer / n, encodeHere / n, renderHere / n));
    Collections.sort(ratios);
    double median = ratios.get(n / 2);
    say(
        f(
            "  pipeline / (render + encode): aggregate %.2f, median %.2f, p90 %.2f",
            pipeline / reference, median, ratios.get((int) (n * 0.9))));
    return new double[] {pipeline / reference, median};
  }

  /** Posts N tasks at once from several clients and waits until all are done. */
  private void burst(int n, boolean small) throws Exception {
    String task = small ? SMALL_TASK : ORIGINAL_TASK;
    int baseline = pendingCount();
    AtomicInteger left = new AtomicInteger(n);
    CpuSnapshot cpuFrom = cpu();
    long start = System.nanoTime();
    ExecutorService clients = Executors.newFixedThreadPool(HTTP_CLIENTS);
    List<Future<?>> posters = new ArrayList<>();
    for (int c = 0; c < HTTP_CLIENTS; c++) {
      posters.add(
          clients.submit(
              () -> {
                while (left.getAndDecrement() > 0) {
                  post(task);
                }
                return null;
              }));
    }
    for (Future<?> p : posters) {
      p.get();
    }
    clients.shutdown();
    double postSeconds = (System.nanoTime() - start) / 1e9;
    awaitPending(baseline, Duration.ofSeconds(150));
    double seconds = (System.nanoTime() - start) / 1e9;
    printCpu(cpuFrom, cpu(), n);
    say(
        f(
            "burst: %d tasks of %s posted in %.1f s, all done after %.1f s (%.0f/s)",
            n, small ? "64 x 64" : "510 x 278", postSeconds, seconds, n / seconds));
  }

  // ---------------------------------------------------------------- CPU of the processes

  /** CPU time so far of the processes that share the cores, and of the whole machine. */
  private record CpuSnapshot(long nanos, Map<String, Duration> processes, Duration machine) {}

  /** Server, database, broker and this client by name, and the machine's busy time. */
  private static CpuSnapshot cpu() {
    String port = "--port " + URI.create(BASE).getPort();
    Map<String, Duration> cpu = new TreeMap<>();
    ProcessHandle.allProcesses()
        .forEach(
            p -> {
              String command = p.info().command().orElse("");
              String args = String.join(" ", p.info().arguments().orElse(new String[0]));
              String name =
                  p.pid() == ProcessHandle.current().pid()
                      ? "benchmark client"
                      : command.endsWith("/mariadbd")
                          ? "MariaDB"
                          : command.endsWith("/beam.smp")
                              ? "RabbitMQ"
                              : args.contains("payara-micro.jar") && args.contains(port)
                                  ? "Payara Micro"
                                  : null;
              if (name != null) {
                p.info().totalCpuDuration().ifPresent(d -> cpu.merge(name, d, Duration::plus));
              }
            });
    return new CpuSnapshot(System.nanoTime(), cpu, machineBusy());
  }

  /** User, nice, system, irq and softirq time of all cores (/proc/stat, in 1/100 s). */
  private static Duration machineBusy() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long ticks = 0;
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        ticks += Long.parseLong(f[i]);
      }
      return Duration.ofMillis(ticks * 10);
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /** CPU per task of each process, and how much of the cores other processes took meanwhile. */
  private static void printCpu(CpuSnapshot from, CpuSnapshot to, int tasks) {
    StringBuilder line = new StringBuilder("  CPU per completed task:");
    double total = 0;
    for (Map.Entry<String, Duration> e : to.processes().entrySet()) {
      Duration before = from.processes().getOrDefault(e.getKey(), Duration.ZERO);
      double ms = e.getValue().minus(before).toNanos() / 1e6 / tasks;
      total += ms;
      line.append(f(" %s %.2f ms,", e.getKey(), ms));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double elapsedMs = (to.nanos() - from.nanos()) / 1e6;
    double othersMs = to.machine().minus(from.machine()).toNanos() / 1e6 - total * tasks;
    say(
        line
            + f(
                " total %.2f ms: at most %.0f tasks/s on %d cores; other processes used %.0f %%"
                    + " of the cores meanwhile",
                total,
                cores * 1e3 / total,
                cores,
                Math.max(0, 100 * othersMs / (elapsedMs * cores))));
  }

  // ---------------------------------------------------------------- HTTP and database

  private String post(String json) throws IOException, InterruptedException {
    String location = created(json).headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private void postBatch(String json) throws IOException, InterruptedException {
    created(json);
  }

  /** POSTs {@code json} to the collection; fails unless the answer is 201. */
  private HttpResponse<Void> created(String json) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(BASE + "/api/fractal"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("POST /api/fractal answered " + response.statusCode());
    }
    return response;
  }

  private static Connection openDb() {
    try {
      String password = Files.readString(DB_PASSWORD).strip();
      return DriverManager.getConnection(DB_URL, "faafo", password);
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot open " + DB_URL + ": " + e.getMessage(), e);
    }
  }

  private void awaitDone(String uuid, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    try (PreparedStatement s =
        db.get().prepareStatement("SELECT status FROM fractal WHERE uuid = ?")) {
      s.setString(1, uuid);
      while (System.nanoTime() < end) {
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next() && !rs.getString(1).equals("pending")) {
            if (!rs.getString(1).equals("done")) {
              throw new IllegalStateException("fractal " + uuid + " is " + rs.getString(1));
            }
            return;
          }
        }
        Thread.sleep(1);
      }
    }
    throw new IllegalStateException("fractal " + uuid + " not done within " + timeout);
  }

  private int pendingCount() throws SQLException {
    try (PreparedStatement s =
            db.get().prepareStatement("SELECT COUNT(*) FROM fractal WHERE status = 'pending'");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void awaitPending(int baseline, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (pendingCount() > baseline) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            (pendingCount() - baseline) + " fractal(s) still pending after " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /** A done record: the worker's render time and the task with the constant it used. */
  private record Row(double durationSeconds, TaskMessage task) {}

  private Map<String, Row> rows(List<String> ids) throws SQLException {
    Map<String, Row> rows = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
      String marks = batch.stream().map(x -> "?").collect(Collectors.joining(","));
      try (PreparedStatement s =
          db.get()
              .prepareStatement(
                  "SELECT uuid, status, duration, width, height,"
                      + " iterations, xa, xb, ya, yb, cx, cy FROM fractal WHERE uuid IN ("
                      + marks
                      + ")")) {
        for (int i = 0; i < batch.size(); i++) {
          s.setString(i + 1, batch.get(i));
        }
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            if (!rs.getString("status").equals("done")) {
              throw new IllegalStateException(
                  rs.getString("uuid") + " is " + rs.getString("status"));
            }
            TaskMessage task =
                new TaskMessage(
                    rs.getString("uuid"),
                    new FractalParameters(
                        rs.getInt("width"),
                        rs.getInt("height"),
                        rs.getInt("iterations"),
                        rs.getDouble("xa"),
                        rs.getDouble("xb"),
                        rs.getDouble("ya"),
                        rs.getDouble("yb"),
                        rs.getDouble("cx"),
                        rs.getDouble("cy")));
            rows.put(rs.getString("uuid"), new Row(rs.getDouble("duration"), task));
          }
        }
      }
    }
    if (rows.size() != ids.size()) {
      throw new IllegalStateException(ids.size() - rows.size() + " fractal(s) not found");
    }
    return rows;
  }

  // ---------------------------------------------------------------- tasks, timing, output

  private static String task(
      int w, int h, int it, double xa, double xb, double ya, double yb, Double cx, Double cy) {
    String c = cx == null ? "" : f(",\"cx\":%s,\"cy\":%s", cx, cy);
    return f(
        "{\"width\":%d,\"height\":%d,\"iterations\":%d,\"xa\":%s,\"xb\":%s,\"ya\":%s,"
            + "\"yb\":%s%s}",
        w, h, it, xa, xb, ya, yb, c);
  }

  /** The producer's default ranges (docs/configuration.md); the worker picks the constant. */
  private static String randomTask(Random r) {
    return task(
        r.nextInt(256, 1025),
        r.nextInt(256, 1025),
        r.nextInt(128, 513),
        r.nextDouble(-4.0, -1.0),
        r.nextDouble(1.0, 4.0),
        r.nextDouble(-3.0, -0.5),
        r.nextDouble(0.5, 3.0),
        null,
        null);
  }

  /** Round-trip times of one measurement window, after a warm-up. */
  private static final class Recorder {
    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    private volatile long measureFrom;
    private volatile long measureTo;

    /** Starts the clock; returns when sending should stop. */
    long schedule() {
      measureFrom = System.nanoTime() + WARM_UP.toNanos();
      measureTo = measureFrom + MEASURE.toNanos();
      return measureTo;
    }

    void record(long sentNanos) {
      long now = System.nanoTime();
      if (now >= measureFrom && now < measureTo) {
        millis.add((now - sentNanos) / 1e6);
      }
    }

    Stats stats(String name) {
      return Stats.of(name, millis, millis.size() / (MEASURE.toNanos() / 1e9));
    }
  }

  /** Keeps up to N requests in flight; subclasses send, the client's reply thread calls back. */
  private abstract static class Loop {
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private Semaphore permits;
    private Recorder recorder;

    abstract void send(String id) throws Exception;

    void replied(String id) {
      Long start = sent.remove(id);
      if (start != null) {
        recorder.record(start);
        permits.release();
      }
    }

    Stats run(String name, int inFlight) throws Exception {
      permits = new Semaphore(inFlight);
      recorder = new Recorder();
      long end = recorder.schedule();
      while (System.nanoTime() < end) {
        if (!permits.tryAcquire(5, TimeUnit.SECONDS)) {
          throw new IllegalStateException(name + ": no reply within 5 s");
        }
        String id = Long.toString(ids.incrementAndGet());
        sent.put(id, System.nanoTime());
        send(id);
      }
      if (!permits.tryAcquire(inFlight, 5, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + ": replies missing at the end");
      }
      return recorder.stats(name);
    }
  }

  /** Percentiles of one measurement, in milliseconds, and its rate per second. */
  private record Stats(String name, int count, double p50, double p99, double rate) {
    static Stats of(String name, List<Double> millis, double rate) {
      double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      return new Stats(
          name,
          n,
          n == 0 ? Double.NaN : sorted[(n - 1) / 2],
          n == 0 ? Double.NaN : sorted[(int) Math.ceil(0.99 * n) - 1],
          rate);
    }
  }

  private static void print(Stats s) {
    say(
        f(
            "  %-58s n=%6d  p50 %8.3f ms  p99 %8.3f ms%s",
            s.name(), s.count(), s.p50(), s.p99(), s.rate() > 0 ? f("  %9.0f/s", s.rate()) : ""));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static void say(String line) {
    System.out.println(line);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
