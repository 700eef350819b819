package io.github.faafo.producer.boundary;

import io.github.faafo.messaging.LocalDispatch;
import io.github.faafo.messaging.TaskMessage;
import io.github.faafo.producer.control.TaskRequestor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Takes the tasks the API of this server creates while the producer runs here ({@link
 * LocalDispatch}), so that they need no dispatch message. The API calls on its own threads, so the
 * hand-off runs in the producer's context, captured here once.
 */
@Singleton
@Startup
public class LocalDispatchOpener {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Resource ContextService contexts;

  @Inject TaskRequestor requestor;

  private Function<List<TaskMessage>, Boolean> sender;

  @PostConstruct
  void open() {
    sender = contexts.contextualFunction(requestor::sendSoon);
    LocalDispatch.open(sender);
    LOG.info("the API of this server hands its new fractals to this producer directly");
  }

  @PreDestroy
  void close() {
    LocalDispatch.close(sender);
  }
}
