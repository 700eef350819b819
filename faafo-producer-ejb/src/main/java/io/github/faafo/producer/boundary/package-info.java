/** The producer's entry points: its timers and the message-driven beans that feed it. */
package io.github.faafo.producer.boundary;
