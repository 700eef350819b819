/** Rules about fractal tasks that the API and the workers both apply. */
package io.github.faafo.fractal.control;
