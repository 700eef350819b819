package io.github.faafo.producer.control;

import io.github.faafo.messaging.JmsLink;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResourceNames;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.ServerResources;
import io.github.faafo.messaging.TaskMessage;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The request/reply path: sends each task to the task queue with this node's temporary queue as
 * {@code JMSReplyTo} and the task's uuid as correlation id (tiny tasks sent together travel as one
 * bundle, see {@link TaskBundling}), and completes the waiting request when the reply arrives on
 * that queue's listener (a listener, because the client's {@code receive()} polls). One connection
 * and one temporary queue serve all requests; a lost connection is opened again at once while tasks
 * are in flight, and those tasks are sent again with the new queue. The number of tasks in flight
 * is capped, so memory stays bounded under any burst. Replies that arrive while earlier ones are
 * being stored wait in a queue and are stored together, up to {@link #STORE_BATCH} in one
 * transaction. Tasks the API of this server hands off ({@link #sendSoon}) are sent the same way by
 * one managed thread. A task that waited here for a place longer than {@link #RENEW_AFTER_NANOS}
 * gets its record's dispatch time renewed as it leaves, so that the sweep of another node does not
 * take it for stuck while its reply can still come.
 */
@ApplicationScoped
public class TaskRequestor {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  /** Results stored in one transaction at most: one commit instead of one per result. */
  static final int STORE_BATCH = 64;

  /** Managed threads storing results at once at most; more replies wait and form batches. */
  private static final int STORERS = 2;

  /** Handed-off tasks one send takes at most (bundled as {@link TaskBundling} groups them). */
  static final int HAND_OFF_BATCH = 256;

  /**
   * How long a task may wait here before it leaves without its dispatch time renewed: the sweep of
   * another node may take it for stuck at most this much before its reply timeout here ends.
   */
  static final long RENEW_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  @Resource ManagedExecutorService executor;

  @Resource ContextService contexts;

  @Inject ResultStore results;

  @Inject FractalRecords records;

  @Inject ProducerMetrics metrics;

  @Inject TaskBundling bundling;

  @Inject
  @ConfigProperty(name = "faafo.producer.reply-timeout-seconds")
  long replyTimeoutSeconds;

  @Inject
  @ConfigProperty(name = "faafo.producer.max-in-flight")
  int maxInFlight;

  @Inject
  @ConfigProperty(name = "faafo.producer.send-sessions")
  int sendSessions;

  private final ConcurrentMap<String, InFlight> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<ResultMessage> arrived = new ConcurrentLinkedQueue<>();
  private final AtomicInteger storers = new AtomicInteger();
  private final ConcurrentLinkedQueue<HandedOff> handedOff = new ConcurrentLinkedQueue<>();
  private final Set<String> toSend = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean sendingHandedOff = new AtomicBoolean();
  private final AtomicBoolean reopening = new AtomicBoolean();
  private volatile boolean closing;
  private volatile long lastReplyNanos;
  private Semaphore permits;
  private JmsLink link;
  private volatile Destination replyQueue;
  private volatile Queue taskQueue;

  /*
   * Replies arrive on the JMS client's own threads, which carry no application context, and a
   * managed executor runs a task in the context of the thread that submits it. So the work done
   * for a reply is wrapped once, here in the application's context, and runs in it on any thread
   * (without this, Payara Server resolves the beans of an EAR's module wrongly on those threads).
   */
  private Runnable storeArrivedInContext;
  private Runnable resendInContext;
  private Runnable sendHandedOffInContext;
  private Runnable reopenInContext;

  /** A task sent and not yet answered, and when it was sent. */
  private record InFlight(
      TaskMessage task, CompletableFuture<ResultMessage> reply, long sentNanos) {}

  /** A task handed off, and when its record was committed as dispatched. */
  private record HandedOff(TaskMessage task, long markedNanos) {}

  @PostConstruct
  void open() {
    storeArrivedInContext = contexts.contextualRunnable(this::storeArrived);
    resendInContext = contexts.contextualRunnable(this::resendInFlight);
    sendHandedOffInContext = contexts.contextualRunnable(this::sendHandedOff);
    reopenInContext = contexts.contextualRunnable(this::reopenWhileInFlight);
    permits = new Semaphore(maxInFlight);
    lastReplyNanos = System.nanoTime();
    metrics.watchInFlight(this);
    link =
        new JmsLink(
            "producer requests",
            ResourceNames.CONNECTION_FACTORY,
            sendSessions,
            this::listenForReplies);
    link.whenLost(this::reopenSoon);
  }

  @PreDestroy
  void close() {
    closing = true;
    link.close();
  }

  /**
   * Sends {@code task} to the workers; the future completes with the reply once it is stored, or
   * fails after the reply timeout (the stuck-task sweep then dispatches it again).
   */
  public CompletableFuture<ResultMessage> request(TaskMessage task) {
    return requestAll(List.of(task)).get(0);
  }

  /**
   * Sends {@code tasks}, whose records were just committed as dispatched, to the workers, the tiny
   * ones bundled; one future per task, in their order, each as {@link #request} gives it.
   */
  public List<CompletableFuture<ResultMessage>> requestAll(List<TaskMessage> tasks) {
    return requestAll(tasks, System.nanoTime());
  }

  /** As {@link #requestAll(List)} for tasks whose records were marked at {@code markedNanos}. */
  private List<CompletableFuture<ResultMessage>> requestAll(
      List<TaskMessage> tasks, long markedNanos) {
    Map<TaskMessage, CompletableFuture<ResultMessage>> replies = new IdentityHashMap<>();
    for (List<TaskMessage> message : bundling.group(tasks)) {
      // each message leaves before the next takes its places: its own replies free places too
      List<InFlight> admitted = new ArrayList<>(message.size());
      for (TaskMessage task : message) {
        CompletableFuture<ResultMessage> reply = new CompletableFuture<>();
        replies.put(task, reply);
        admit(task, reply).ifPresent(admitted::add);
      }
      if (!admitted.isEmpty()) {
        renewDispatchTimeAfterLongWait(admitted, markedNanos);
        send(admitted);
      }
    }
    return tasks.stream().map(replies::get).toList();
  }

  /**
   * Takes a place in flight for {@code task}; none (and a failed reply) when none is free in time.
   */
  private Optional<InFlight> admit(TaskMessage task, CompletableFuture<ResultMessage> reply) {
    try {
      if (!permits.tryAcquire(replyTimeoutSeconds, TimeUnit.SECONDS)) {
        reply.completeExceptionally(
            new TimeoutException(maxInFlight + " tasks in flight; " + task.uuid() + " not sent"));
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reply.completeExceptionally(e);
      return Optional.empty();
    }
    InFlight request = new InFlight(task, reply, System.nanoTime());
    metrics.dispatched();
    inFlight.put(task.uuid(), request);
    reply
        .orTimeout(replyTimeoutSeconds, TimeUnit.SECONDS)
        .whenComplete(
            (result, failure) -> {
              inFlight.remove(task.uuid(), request);
              permits.release();
              if (failure instanceof TimeoutException) {
                dropLinkIfSilentSince(request);
              }
            });
    return Optional.of(request);
  }

  /**
   * Drops the connection when no reply at all has come on it since {@code timedOut} left: a broker
   * can keep a channel open that no longer delivers what it is given (RabbitMQ 3.10 after the node
   * leading a quorum queue was killed, {@code ClusterIT}), and every task sent on it again would be
   * lost the same way. A task whose reply is merely late, while others' replies come, changes
   * nothing; nor does one sent before the current connection was opened.
   */
  private void dropLinkIfSilentSince(InFlight timedOut) {
    if (closing || lastReplyNanos - timedOut.sentNanos() > 0) {
      return;
    }
    link.resetIfOpenedBefore(
        timedOut.sentNanos(),
        "no reply has come since task "
            + timedOut.task().uuid()
            + " left "
            + replyTimeoutSeconds
            + " s ago; opening a new connection");
  }

  /**
   * Sets the dispatch time of {@code requests}' records to now when they waited here for more than
   * {@link #RENEW_AFTER_NANOS} since {@code markedNanos}: the sweep of every node counts from that
   * time, and this node's own reply timeout starts only now.
   */
  private void renewDispatchTimeAfterLongWait(List<InFlight> requests, long markedNanos) {
    long waitedNanos = System.nanoTime() - markedNanos;
    if (waitedNanos <= RENEW_AFTER_NANOS) {
      return;
    }
    List<String> uuids = requests.stream().map(request -> request.task().uuid()).toList();
    try {
      records.markSentNow(uuids);
    } catch (RuntimeException e) {
      LOG.warning(
          () ->
              "cannot renew the dispatch time of "
                  + uuids
                  + " after "
                  + TimeUnit.NANOSECONDS.toMillis(waitedNanos)
                  + " ms waiting to be sent ("
                  + e.getMessage()
                  + "); another node's sweep may send them again");
    }
  }

  /** True while {@code uuid} waits here to be sent or for its reply. */
  public boolean isInFlight(String uuid) {
    return inFlight.containsKey(uuid) || toSend.contains(uuid);
  }

  /**
   * Takes {@code tasks}, whose records are committed as dispatched, to be sent soon on a managed
   * thread, together with those handed off meanwhile (so tiny ones from concurrent requests share
   * bundles), and returns at once; false when no managed thread can be had (nothing is taken).
   */
  public boolean sendSoon(List<TaskMessage> tasks) {
    long now = System.nanoTime();
    List<HandedOff> taken = tasks.stream().map(task -> new HandedOff(task, now)).toList();
    tasks.forEach(task -> toSend.add(task.uuid()));
    handedOff.addAll(taken);
    if (!startSendingHandedOff()) {
      handedOff.removeAll(taken);
      tasks.forEach(task -> toSend.remove(task.uuid()));
      return false;
    }
    metrics.handedOff(tasks.size());
    return true;
  }

  /**
   * Starts the one sender of handed-off tasks unless it runs; false when no managed thread can be
   * had for it.
   */
  private boolean startSendingHandedOff() {
    if (!sendingHandedOff.compareAndSet(false, true)) {
      return true;
    }
    try {
      executor.execute(sendHandedOffInContext);
      return true;
    } catch (RejectedExecutionException e) {
      sendingHandedOff.set(false);
      LOG.warning(() -> "cannot send handed-off tasks now (" + e.getMessage() + ")");
      return false;
    }
  }

  /** Sends what was handed off, a batch at a time, until nothing is left. */
  private void sendHandedOff() {
    try {
      for (List<HandedOff> batch = nextHandedOff(); !batch.isEmpty(); batch = nextHandedOff()) {
        try {
          // the first of a batch was handed off first
          requestAll(batch.stream().map(HandedOff::task).toList(), batch.get(0).markedNanos());
        } catch (RuntimeException e) {
          // the next batches still go; the sweep sends these after the reply timeout
          int count = batch.size();
          LOG.warning(() -> "cannot send " + count + " handed-off task(s): " + e);
        } finally {
          batch.forEach(waiting -> toSend.remove(waiting.task().uuid()));
        }
      }
    } finally {
      sendingHandedOff.set(false);
    }
    // a task handed off after the last poll, while this sender was still running, needs one too
    if (!handedOff.isEmpty()) {
      startSendingHandedOff();
    }
  }

  private List<HandedOff> nextHandedOff() {
    List<HandedOff> batch = new ArrayList<>();
    for (HandedOff task; batch.size() < HAND_OFF_BATCH && (task = handedOff.poll()) != null; ) {
      batch.add(task);
    }
    return batch;
  }

  /** How many tasks wait for their reply. */
  public int inFlightCount() {
    return inFlight.size();
  }

  /** Sends one task as one message, or several as a bundle (a JSON array, no correlation id). */
  private void send(List<InFlight> requests) {
    List<TaskMessage> tasks = requests.stream().map(InFlight::task).toList();
    try {
      if (tasks.size() == 1) {
        link.send(
            taskQueue(),
            tasks.get(0).uuid(),
            replyQueueAfterConnect(),
            MessageJson.toJson(tasks.get(0)));
      } else {
        link.send(taskQueue(), null, replyQueueAfterConnect(), MessageJson.toJson(tasks));
        metrics.bundleSent();
      }
    } catch (JMSException e) {
      LOG.warning(
          () ->
              "cannot send task(s) "
                  + tasks.stream().map(TaskMessage::uuid).toList()
                  + " ("
                  + e.getMessage()
                  + "); they will be sent again after the reply timeout");
    }
  }

  private Queue taskQueue() throws JMSException {
    if (taskQueue == null) {
      taskQueue = ServerResources.lookup(ResourceNames.TASK_QUEUE, Queue.class);
    }
    return taskQueue;
  }

  private Destination replyQueueAfterConnect() throws JMSException {
    link.open();
    return replyQueue;
  }

  /** Runs on every new connection: a temporary queue and a listener for the replies. */
  private void listenForReplies(Connection connection) throws JMSException {
    Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    Destination queue = session.createTemporaryQueue();
    session.createConsumer(queue).setMessageListener(this::onReply);
    boolean reconnected = replyQueue != null;
    replyQueue = queue;
    if (reconnected && !inFlight.isEmpty()) {
      executor.execute(resendInContext);
    }
  }

  /**
   * Called when the connection is lost: its temporary queue went with it, so no reply of a task in
   * flight can come any more. Reconnects at once on a managed thread when tasks are in flight (the
   * new connection's set-up sends them again), rather than at the next send, which may wait for
   * their reply timeout.
   */
  private void reopenSoon() {
    if (closing || inFlight.isEmpty() || !reopening.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(reopenInContext);
    } catch (RejectedExecutionException e) {
      reopening.set(false);
      LOG.warning(
          () ->
              "cannot reconnect now ("
                  + e.getMessage()
                  + "); the tasks in flight go again at the next send or after the reply timeout");
    }
  }

  /** Tries to reconnect every second while tasks are in flight, until it succeeds. */
  private void reopenWhileInFlight() {
    try {
      while (!closing && !inFlight.isEmpty()) {
        try {
          link.open();
          return;
        } catch (JMSException | RuntimeException e) {
          LOG.fine(() -> "reconnecting failed (" + e.getMessage() + "); trying again in 1 s");
          Thread.sleep(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      reopening.set(false);
    }
  }

  private void resendInFlight() {
    LOG.info(() -> "sending " + inFlight.size() + " task(s) again after reconnecting");
    inFlight.values().forEach(request -> send(List.of(request)));
  }

  /** Called by the JMS client's thread; the database work happens on a managed thread. */
  private void onReply(Message message) {
    lastReplyNanos = System.nanoTime();
    List<ResultMessage> results;
    try {
      if (!(message instanceof TextMessage text)) {
        LOG.warning(() -> "ignoring a reply that is not a text message: " + message);
        return;
      }
      results = MessageJson.listFromJson(text.getText(), ResultMessage.class);
    } catch (JMSException | RuntimeException e) {
      LOG.warning(() -> "ignoring an unreadable reply: " + e.getMessage());
      return;
    }
    arrived.addAll(results);
    startStorer();
  }

  /** Starts one more storer unless {@link #STORERS} already run. */
  private void startStorer() {
    int running;
    do {
      running = storers.get();
      if (running >= STORERS) {
        return;
      }
    } while (!storers.compareAndSet(running, running + 1));
    try {
      executor.execute(storeArrivedInContext);
    } catch (RejectedExecutionException e) {
      storers.decrementAndGet();
      LOG.warning(() -> "cannot store replies now (" + e.getMessage() + "); they wait");
    }
  }

  /** Stores what has arrived, a batch at a time, until nothing is left. */
  private void storeArrived() {
    try {
      for (List<ResultMessage> batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
        results.storeAll(batch);
        for (ResultMessage result : batch) {
          InFlight request = inFlight.get(result.uuid());
          if (request != null) {
            metrics.roundTrip(Duration.ofNanos(System.nanoTime() - request.sentNanos()));
            request.reply().complete(result);
          }
        }
      }
    } finally {
      storers.decrementAndGet();
    }
    // a reply that came after the last poll, while every storer was busy, needs a storer too
    if (!arrived.isEmpty()) {
      startStorer();
    }
  }

  private List<ResultMessage> nextBatch() {
    List<ResultMessage> batch = new ArrayList<>();
    for (ResultMessage result; batch.size() < STORE_BATCH && (result = arrived.poll()) != null; ) {
      batch.add(result);
    }
    return batch;
  }
}
