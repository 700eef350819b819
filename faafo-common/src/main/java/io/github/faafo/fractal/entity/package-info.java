/**
 * The fractal record and its image, as stored in the {@code fractal} and {@code fractal_image}
 * tables.
 */
package io.github.faafo.fractal.entity;
