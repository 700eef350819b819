/** Rendering and encoding of fractals, shared by the worker's message-driven beans. */
package io.github.faafo.worker.control;
