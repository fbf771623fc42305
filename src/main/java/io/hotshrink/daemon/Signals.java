package io.hotshrink.daemon;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs handlers for SIGTERM, SIGINT and SIGHUP through {@code sun.misc.Signal} (module
 * jdk.unsupported, present in every JDK 17+). Taken by reflection so the build has no warning about
 * internal API. Handling TERM ourselves, instead of letting the JVM run shutdown hooks, is what
 * lets the daemon drain its jobs in order and exit 0.
 */
public final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Calls {@code handler} with the signal's name when it arrives; false if not possible here. */
  public static boolean handle(String name, java.util.function.Consumer<String> handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      InvocationHandler ih =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              handler.accept(name);
              return null;
            }
            if (method.getName().equals("toString")) {
              return "hotshrink " + name + " handler";
            }
            if (method.getName().equals("hashCode")) {
              return System.identityHashCode(proxy);
            }
            if (method.getName().equals("equals")) {
              return proxy == args[0];
            }
            return null;
          };
      Object h =
          Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, h);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("cannot handle SIG{}: {}", name, e.toString());
      return false;
    }
  }
}
