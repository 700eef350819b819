package io.github.faafo.it;

import com.rabbitmq.jms.admin.RMQConnectionFactory;
import com.rabbitmq.jms.admin.RMQDestination;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.Queues;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test's own requestor on the real broker, through the RabbitMQ JMS client: sends task messages
 * as the producer does, with a temporary reply queue, and collects the workers' replies.
 */
final class Broker implements AutoCloseable {

  private final Connection connection;
  private final Session session;
  private final MessageProducer producer;
  private final TemporaryQueue replies;
  private final ConcurrentMap<String, CompletableFuture<ResultMessage>> waiting =
      new ConcurrentHashMap<>();
  private final AtomicInteger replyMessages = new AtomicInteger();

  Broker() throws JMSException {
    RMQConnectionFactory factory = new RMQConnectionFactory();
    factory.setHost(Database.env("FAAFO_RABBITMQ_HOST", "localhost"));
    factory.setPort(Integer.parseInt(Database.env("FAAFO_RABBITMQ_PORT", "5672")));
    factory.setUsername(Database.env("FAAFO_RABBITMQ_USER", "guest"));
    factory.setPassword(Database.env("FAAFO_RABBITMQ_PASSWORD", "guest"));
    factory.setVirtualHost(Database.env("FAAFO_RABBITMQ_VHOST", "/"));
    connection = factory.createConnection();
    Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    replies = listening.createTemporaryQueue();
    listening
        .createConsumer(replies)
        .setMessageListener(
            message -> {
              try {
                replyMessages.incrementAndGet();
                for (ResultMessage result :
                    MessageJson.listFromJson(
                        ((TextMessage) message).getText(), ResultMessage.class)) {
                  waiting
                      .computeIfAbsent(result.uuid(), k -> new CompletableFuture<>())
                      .complete(result);
                }
              } catch (JMSException e) {
                throw new IllegalStateException(e);
              }
            });
    session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    producer = session.createProducer(null);
    connection.start();
  }

  /** The task queue, already declared by the system; publishing needs no declaration. */
  static Destination queue(String name) {
    RMQDestination queue = new RMQDestination(name, true, false);
    queue.setDeclared(true);
    return queue;
  }

  /** Sends {@code body} to the task queue with our reply queue; the future gets the reply. */
  CompletableFuture<ResultMessage> request(String correlationId, String body) throws JMSException {
    CompletableFuture<ResultMessage> reply =
        waiting.computeIfAbsent(correlationId, k -> new CompletableFuture<>());
    send(Queues.TASKS, correlationId, body, true);
    return reply;
  }

  /**
   * Sends {@code tasks} to the task queue as one bundle (a JSON array, no correlation id) with our
   * reply queue; one future per task.
   */
  List<CompletableFuture<ResultMessage>> requestBundle(List<TaskMessage> tasks)
      throws JMSException {
    List<CompletableFuture<ResultMessage>> replies =
        tasks.stream()
            .map(task -> waiting.computeIfAbsent(task.uuid(), k -> new CompletableFuture<>()))
            .toList();
    send(Queues.TASKS, null, MessageJson.toJson(tasks), true);
    return replies;
  }

  /** How many reply messages arrived: a bundle's results come in one. */
  int replyMessages() {
    return replyMessages.get();
  }

  /** Sends {@code body} to {@code queue}, with or without our reply queue. */
  void send(String queue, String correlationId, String body, boolean withReplyTo)
      throws JMSException {
    TextMessage message = session.createTextMessage(body);
    message.setJMSCorrelationID(correlationId);
    if (withReplyTo) {
      message.setJMSReplyTo(replies);
    }
    producer.send(queue(queue), message);
  }

  /** Sends {@code body} to {@code destination} with {@code replyTo}, which may be null. */
  void sendTo(Destination destination, String correlationId, String body, Destination replyTo)
      throws JMSException {
    TextMessage message = session.createTextMessage(body);
    message.setJMSCorrelationID(correlationId);
    if (replyTo != null) {
      message.setJMSReplyTo(replyTo);
    }
    producer.send(destination, message);
  }

  @Override
  public void close() throws JMSException {
    connection.close();
  }
}
