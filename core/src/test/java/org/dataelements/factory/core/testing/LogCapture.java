package org.dataelements.factory.core.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures what the loggers under one name (a package or a class) log, at every level, while it is
 * open: the lines as records with level, logger, formatted message and the stack trace of a thrown
 * exception. While open, those lines go to the capture only (not to the console), so that a test
 * can look at DEBUG without printing it. Use with try-with-resources.
 */
public final class LogCapture implements AutoCloseable {
  /** One logged line. {@code thrown} is the printed stack trace, empty when there was none. */
  public record Line(String level, String logger, String message, String thrown) {
    /** Message and stack trace together, for searching. */
    public String text() {
      return thrown.isEmpty() ? message : message + "\n" + thrown;
    }

    @Override
    public String toString() {
      return level + " " + logger + ": " + text();
    }
  }

  private final String name;
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final LoggerConfig previous;
  private final AbstractAppender appender;
  private final List<Line> lines = new ArrayList<>();

  private LogCapture(String name) {
    this.name = name;
    appender =
        new AbstractAppender("capture-" + name, null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            String thrown = "";
            if (event.getThrown() != null) {
              StringWriter w = new StringWriter();
              event.getThrown().printStackTrace(new PrintWriter(w));
              thrown = w.toString();
            }
            synchronized (lines) {
              lines.add(
                  new Line(
                      event.getLevel().name(),
                      event.getLoggerName(),
                      event.getMessage().getFormattedMessage(),
                      thrown));
            }
          }
        };
    appender.start();
    Configuration config = context.getConfiguration();
    LoggerConfig existing = config.getLoggers().get(name);
    this.previous = existing;
    LoggerConfig logger = new LoggerConfig(name, Level.ALL, false);
    logger.addAppender(appender, Level.ALL, null);
    if (existing != null) {
      config.removeLogger(name);
    }
    config.addLogger(name, logger);
    context.updateLoggers();
  }

  /** Starts capturing the loggers under the package of {@code type}. */
  public static LogCapture packageOf(Class<?> type) {
    return new LogCapture(type.getPackageName());
  }

  /** Starts capturing the loggers under {@code name} (a package or a logger name). */
  public static LogCapture of(String name) {
    return new LogCapture(name);
  }

  /** The lines logged so far, in order. */
  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The lines logged so far at {@code level} ({@code WARN}, {@code INFO}, ...). */
  public List<Line> at(String level) {
    return lines().stream().filter(l -> l.level().equals(level)).toList();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    config.removeLogger(name);
    if (previous != null) {
      config.addLogger(name, previous);
    }
    context.updateLoggers();
    appender.stop();
  }
}
