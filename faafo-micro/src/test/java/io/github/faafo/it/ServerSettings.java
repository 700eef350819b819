package io.github.faafo.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings that the Payara Micro of one test class gets on top of {@code it-server.properties},
 * each {@code key=value}, for a class whose subject is a limit the defaults never reach.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ServerSettings {
  String[] value();
}
