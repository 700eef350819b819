package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.jms.admin.RMQDestination;
import jakarta.jms.Connection;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound side against the real broker (the virtual host of FAAFO_RABBITMQ_VHOST, as bin/test
 * sets it up): what the server's pool relies on, the pool itself being the server's.
 */
class OutboundConnectionTest {

  private final RabbitResourceAdapter adapter = new RabbitResourceAdapter();
  private final OutboundConnectionFactory factory = new OutboundConnectionFactory();
  private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
  private OutboundConnection pooled;
  private Connection receiving;
  private Session session;
  private TemporaryQueue inbox;
  private final BlockingQueue<Message> arrived = new LinkedBlockingQueue<>();

  @BeforeEach
  void open() throws Exception {
    adapter.setVirtualHost(Objects.requireNonNullElse(System.getenv("FAAFO_RABBITMQ_VHOST"), "/"));
    factory.setResourceAdapter(adapter);
    pooled = (OutboundConnection) factory.createManagedConnection(null, null);
    pooled.addConnectionEventListener(new Recorder());
    receiving = adapter.settings().connectionFactory().createConnection();
    session = receiving.createSession(false, Session.AUTO_ACKNOWLEDGE);
    inbox = session.createTemporaryQueue();
    session.createConsumer(inbox).setMessageListener(arrived::add);
    receiving.start();
  }

  @AfterEach
  void close() throws Exception {
    pooled.destroy();
    receiving.close();
  }

  @Test
  void oneConnectionServesSendersOnOtherThreadsInTurn() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 4; i++) {
        String id = "task-" + i;
        threads
            .submit(
                () -> {
                  JMSContext handle = (JMSContext) pooled.getConnection(null, null);
                  handle
                      .createProducer()
                      .setJMSCorrelationID(id)
                      .setJMSReplyTo(inbox)
                      .send(inbox, id);
                  handle.close();
                  return null;
                })
            .get();
      }
    } finally {
      threads.shutdown();
    }
    for (int i = 0; i < 4; i++) {
      TextMessage message = (TextMessage) arrived.poll(10, TimeUnit.SECONDS);
      assertNotNull(message, "message " + i + " did not arrive");
      assertEquals("task-" + i, message.getText());
      assertEquals("task-" + i, message.getJMSCorrelationID());
      assertEquals(
          inbox.getQueueName(), ((jakarta.jms.Queue) message.getJMSReplyTo()).getQueueName());
    }
    assertEquals(
        4, events.stream().filter(e -> e.getId() == ConnectionEvent.CONNECTION_CLOSED).count());
    assertTrue(pooled.isUsable());
  }

  @Test
  void aClosedHandleNoLongerSends() {
    JMSContext handle = (JMSContext) pooled.getConnection(null, null);
    handle.close();
    assertThrows(IllegalStateRuntimeException.class, handle::createProducer);
    ConnectionEvent closed = events.get(0);
    assertEquals(ConnectionEvent.CONNECTION_CLOSED, closed.getId());
    assertEquals(handle, closed.getConnectionHandle());
  }

  @Test
  void whatWouldOutliveTheLoanIsRefused() {
    JMSContext handle = (JMSContext) pooled.getConnection(null, null);
    assertThrows(IllegalStateRuntimeException.class, handle::createTemporaryQueue);
    assertThrows(IllegalStateRuntimeException.class, () -> handle.createConsumer(inbox));
    assertThrows(IllegalStateRuntimeException.class, () -> handle.setExceptionListener(e -> {}));
    handle.close();
  }

  @Test
  void aSendTheBrokerRefusesTellsThePoolToReplaceTheConnection() {
    // publishing to an exchange that does not exist makes the broker close the channel
    RMQDestination nowhere = new RMQDestination("nowhere", "faafo.no-such-exchange", "x", null);
    JMSContext handle = (JMSContext) pooled.getConnection(null, null);
    JMSRuntimeException failure = null;
    for (int attempt = 0; attempt < 200 && failure == null; attempt++) {
      try {
        handle.createProducer().send(nowhere, "lost");
        Thread.sleep(50);
      } catch (JMSRuntimeException e) {
        failure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    assertNotNull(failure, "the broker never refused a send to a missing exchange");
    assertFalse(pooled.isUsable());
    ConnectionEvent error =
        events.stream()
            .filter(e -> e.getId() == ConnectionEvent.CONNECTION_ERROR_OCCURRED)
            .findFirst()
            .orElseThrow();
    assertInstanceOf(Exception.class, error.getException());
    assertEquals(Set.of(pooled), factory.getInvalidConnections(Set.of(pooled)));
    handle.close();
  }

  @Test
  void aReplyQueueTravelsAsTheTemporaryQueueItStandsForNow() throws Exception {
    ReplyQueue replies = new ReplyQueue();
    replies.setName("test.replies");
    replies.setResourceAdapter(adapter);
    adapter.temporaryQueues().offer("test.replies", (RMQDestination) inbox);
    assertEquals(inbox.getQueueName(), replies.getQueueName());

    JMSContext handle = (JMSContext) pooled.getConnection(null, null);
    handle.createProducer().setJMSReplyTo(replies).send(inbox, "task");
    TextMessage message = (TextMessage) arrived.poll(10, TimeUnit.SECONDS);
    assertNotNull(message, "the task did not arrive");
    assertEquals(
        inbox.getQueueName(), ((jakarta.jms.Queue) message.getJMSReplyTo()).getQueueName());

    // its consumer lost its connection: nothing is sent that no reply could come back to
    adapter.temporaryQueues().withdraw("test.replies", (RMQDestination) inbox);
    JMSRuntimeException refused =
        assertThrows(
            JMSRuntimeException.class,
            () -> handle.createProducer().setJMSReplyTo(replies).send(inbox, "task"));
    assertTrue(refused.getMessage().contains("not connected"), refused.getMessage());
    assertThrows(jakarta.jms.JMSException.class, replies::getQueueName);
    assertTrue(pooled.isUsable(), "a missing reply queue is not the connection's failure");
    handle.close();
  }

  @Test
  void retiringEveryConnectionTellsThePoolOnce() {
    OutboundConnections open = adapter.outboundConnections();
    assertEquals(1, open.getOpen());
    assertEquals(1, open.retireAll("no reply came since the test began"));
    assertFalse(pooled.isUsable());
    assertEquals(
        1,
        events.stream()
            .filter(e -> e.getId() == ConnectionEvent.CONNECTION_ERROR_OCCURRED)
            .count());
    assertEquals(0, open.retireAll("again"), "a retired connection is not retired twice");
    assertEquals(1, open.getRetired());
    pooled.destroy();
    assertEquals(0, open.getOpen());
  }

  /** Records what a server's pool would hear. */
  private final class Recorder implements ConnectionEventListener {
    @Override
    public void connectionClosed(ConnectionEvent event) {
      events.add(event);
    }

    @Override
    public void connectionErrorOccurred(ConnectionEvent event) {
      events.add(event);
    }

    @Override
    public void localTransactionStarted(ConnectionEvent event) {}

    @Override
    public void localTransactionCommitted(ConnectionEvent event) {}

    @Override
    public void localTransactionRolledback(ConnectionEvent event) {}
  }
}
