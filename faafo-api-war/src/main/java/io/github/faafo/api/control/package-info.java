/** What the API does with fractal records: create, list, update, delete, serve images. */
package io.github.faafo.api.control;
