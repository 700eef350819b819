package io.github.faafo.worker.control;

/**
 * What the worker's image files tell the platform MBean server, so that the API's readiness data
 * and an administrator's JMX console show a storage directory that takes no more files.
 */
public interface ImageFilesStatusMXBean {

  /** The directory the worker writes {@code <uuid>.png} to. */
  String getDirectory();

  /** False since the last write failed, until one succeeds again. */
  boolean isWritable();

  /** Image files not written since the directory stopped taking them (0 while writable). */
  long getFilesNotWritten();

  /** Why the last write failed, or "" while writable. */
  String getLastFailure();

  /** When the directory stopped taking files (ISO-8601), or "" while writable. */
  String getFailingSince();
}
