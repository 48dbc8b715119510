package dev.fluxconfig.agent.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Keeps every log record of the test JVM as text (message, parameters, MDC, stack trace) so that tests can scan it. */
public final class LogCapture extends Handler {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    public void uninstall() {
        Logger.getLogger("").removeHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder b = new StringBuilder();
        b.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ');
        String message = record.getMessage();
        if (record instanceof ExtLogRecord ext) {
            message = ext.getFormattedMessage();
            Map<String, String> mdc = ext.getMdcCopy();
            b.append(mdc).append(' ');
        } else if (record.getParameters() != null) {
            message = message + " " + java.util.Arrays.toString(record.getParameters());
        }
        b.append(message);
        if (record.getThrown() != null) {
            StringWriter w = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(w));
            b.append('\n').append(w);
        }
        lines.add(b.toString());
    }

    public List<String> lines() {
        return lines;
    }

    /** The captured lines that contain any of these strings. */
    public List<String> containing(List<String> secrets) {
        return lines.stream().filter(l -> secrets.stream().anyMatch(l::contains)).toList();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
