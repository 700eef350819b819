package io.github.faafo.producer.boundary;

import io.github.faafo.messaging.DispatchRequest;
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
import java.util.logging.Logger;

/** Takes the API's requests to dispatch the fractals a REST client created, and dispatches them. */
@MessageDriven(
    messageListenerInterface = MessageListener.class,
    activationConfig = {
      @ActivationConfigProperty(propertyName = "destination", propertyValue = Queues.DISPATCH),
      @ActivationConfigProperty(propertyName = "maxSessions", propertyValue = "4")
    })
@TransactionManagement(TransactionManagementType.BEAN)
public class DispatchRequestConsumer implements MessageListener {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject FractalDispatcher dispatcher;

  @Override
  public void onMessage(Message message) {
    if (!(message instanceof TextMessage text)) {
      LOG.warning(() -> "dropping a dispatch request that is not a text message: " + message);
      return;
    }
    try {
      DispatchRequest request = MessageJson.fromJson(text.getText(), DispatchRequest.class);
      dispatcher.dispatchAll(request.fractals());
    } catch (JMSException | RuntimeException e) {
      throw new RedeliveryException("dispatch request not handled: " + e.getMessage(), e);
    }
  }
}
