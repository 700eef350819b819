/** The messages that travel between producer and workers, and the names of queues and resources. */
package io.github.faafo.messaging;
