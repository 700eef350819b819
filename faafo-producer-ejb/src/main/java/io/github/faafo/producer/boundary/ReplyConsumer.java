package io.github.faafo.producer.boundary;

import io.github.faafo.messaging.Queues;
import io.github.faafo.producer.control.TaskRequestor;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Takes the workers' replies to this node's tasks from its reply queue, a temporary queue that the
 * resource adapter makes on each of its connections ({@code temporary=true}) and hands to senders
 * as {@code jms/FaafoReplyQueue}, and gives each to the requestor that waits for it.
 */
@MessageDriven(
    messageListenerInterface = MessageListener.class,
    activationConfig = {
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Queues.REPLIES),
      @ActivationConfigProperty(propertyName = "temporary", propertyValue = "true"),
      @ActivationConfigProperty(
          propertyName = "maxSessions",
          propertyValue = Queues.REPLIES_SESSIONS)
    })
@TransactionManagement(TransactionManagementType.BEAN)
public class ReplyConsumer implements MessageListener {

  @Inject TaskRequestor requestor;

  @Override
  public void onMessage(Message message) {
    requestor.replyArrived(message);
  }
}
