/** Generating tasks, sending them to the workers, and recording what comes back. */
package io.github.faafo.producer.control;
