package io.github.faafo.producer.boundary;

import io.github.faafo.messaging.DispatchRequest;
import io.github.faafo.messaging.MalformedMessageException;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.Queues;
import io.github.faafo.messaging.RedeliveryException;
import io.github.faafo.producer.control.FractalDispatcher;
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
 * Takes the API's requests to dispatch the fractals a REST client created, and dispatches them. A
 * request that can never be handled ({@link MalformedMessageException}) goes to the dead-letter
 * queue at once; any other failure ({@link RedeliveryException}) returns it to the broker, which
 * delivers it again after a back-off and dead-letters it after the queue's delivery limit.
 */
@MessageDriven(
    messageListenerInterface = MessageListener.class,
    activationConfig = {
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Queues.DISPATCH),
      @ActivationConfigProperty(
          propertyName = "deadLetterQueue",
          propertyValue = Queues.DISPATCH_DEAD),
      @ActivationConfigProperty(
          propertyName = "deadLetterOn",
          propertyValue = MalformedMessageException.CLASS_NAME),
      @ActivationConfigProperty(
          propertyName = "maxSessions",
          propertyValue = Queues.DISPATCH_SESSIONS)
    })
@TransactionManagement(TransactionManagementType.BEAN)
public class DispatchRequestConsumer implements MessageListener {

  @Inject FractalDispatcher dispatcher;

  @Override
  public void onMessage(Message message) {
    if (!(message instanceof TextMessage text)) {
      throw new MalformedMessageException("dispatch request is not a text message: " + message);
    }
    try {
      DispatchRequest request = MessageJson.fromJson(text.getText(), DispatchRequest.class);
      dispatcher.dispatchAll(request.fractals());
    } catch (MalformedMessageException e) {
      throw e;
    } catch (JMSException | RuntimeException e) {
      throw new RedeliveryException("dispatch request not handled: " + e.getMessage(), e);
    }
  }
}
