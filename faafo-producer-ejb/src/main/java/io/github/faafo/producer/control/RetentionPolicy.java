package io.github.faafo.producer.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the tables within {@code faafo.retention.max-records} and {@code
 * faafo.retention.max-age-days}: deletes the oldest finished records, their images with them, in
 * batches of {@code faafo.retention.batch}; never a pending record, nor one the administrator
 * changed, nor one younger than the reply timeout (its result may still be on its way).
 */
@ApplicationScoped
public class RetentionPolicy {

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  /** Batches one run deletes at most, so that a run stays short and the next one goes on. */
  private static final int BATCHES_PER_RUN = 20;

  @Inject RetentionStore store;

  @Inject
  @ConfigProperty(name = "faafo.retention.max-records")
  long maxRecords;

  @Inject
  @ConfigProperty(name = "faafo.retention.max-age-days")
  long maxAgeDays;

  @Inject
  @ConfigProperty(name = "faafo.retention.batch")
  int batch;

  @Inject
  @ConfigProperty(name = "faafo.producer.reply-timeout-seconds")
  long replyTimeoutSeconds;

  /** One run: batches by age, then by count, until within the policy or the run's share is done. */
  public void prune() {
    for (int run = 0; run < BATCHES_PER_RUN; run++) {
      int deleted = 0;
      String why = "";
      if (maxAgeDays > 0) {
        deleted = store.deleteOldest(Math.max(maxAgeDays * 86_400, replyTimeoutSeconds), batch);
        why = "older than " + maxAgeDays + " day(s)";
      }
      if (deleted == 0 && maxRecords > 0) {
        long excess = store.count() - maxRecords;
        if (excess > 0) {
          deleted = store.deleteOldest(replyTimeoutSeconds, (int) Math.min(excess, batch));
          why = "beyond faafo.retention.max-records " + maxRecords;
        }
      }
      if (deleted == 0) {
        return;
      }
      int count = deleted;
      String reason = why;
      LOG.info(
          () ->
              "retention: deleted "
                  + count
                  + " finished record(s) "
                  + reason
                  + ", with their images; "
                  + store.count()
                  + " record(s) left");
    }
  }
}
