/** The worker's message-driven beans: where tasks arrive from the broker. */
package io.github.faafo.worker.boundary;
