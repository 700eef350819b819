package io.github.faafo.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that is about the producer's timer: only its Payara Micro generates tasks on
 * its own; every other class starts with the timer off, so that nothing but its own work runs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ProducerTimer {}
