package io.github.faafo.worker.boundary;

import io.github.faafo.messaging.MalformedMessageException;
import io.github.faafo.messaging.Queues;
import io.github.faafo.messaging.RedeliveryException;
import io.github.faafo.worker.control.TaskProcessor;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * Takes tasks from the task queue through the faafo resource adapter and hands each to the {@link
 * TaskProcessor}. The failure policy of every faafo bean: a task that can never be processed
 * ({@link MalformedMessageException}) goes to the dead-letter queue at once; any other failure
 * ({@link RedeliveryException}) returns it to the broker, which delivers it again after a back-off
 * and dead-letters it after the queue's delivery limit.
 */
@MessageDriven(
    messageListenerInterface = MessageListener.class,
    activationConfig = {
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Queues.TASKS),
      @ActivationConfigProperty(
          propertyName = "deadLetterQueue",
          propertyValue = Queues.TASKS_DEAD),
      @ActivationConfigProperty(
          propertyName = "deadLetterOn",
          propertyValue = MalformedMessageException.CLASS_NAME),
      @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = Queues.TASKS_SESSIONS)
    })
@TransactionManagement(TransactionManagementType.BEAN)
public class FractalTaskConsumer implements MessageListener {

  @Inject TaskProcessor processor;

  @Override
  public void onMessage(Message message) {
    if (!(message instanceof TextMessage text)) {
      throw new MalformedMessageException("task message is not a text message: " + message);
    }
    try {
      processor.process(
          text.getText(),
          text.getJMSReplyTo(),
          text.getJMSCorrelationID(),
          text.getIntProperty("JMSXDeliveryCount"));
    } catch (MalformedMessageException e) {
      throw e;
    } catch (JMSException | RuntimeException e) {
      throw new RedeliveryException(e.getMessage(), e);
    }
  }
}
