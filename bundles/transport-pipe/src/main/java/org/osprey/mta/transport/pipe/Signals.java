package org.osprey.mta.transport.pipe;

import java.util.List;

/**
 * The words of Exim's messages about a child's end on Linux: glibc's strsignal (Exim's
 * os_strsignal there) and Exim's os_strexit for the sysexits statuses.
 */
final class Signals {
    static final int KILL = 9;

    private static final List<String> NAMES = List.of("Hangup", "Interrupt", "Quit", "Illegal instruction",
            "Trace/breakpoint trap", "Aborted", "Bus error", "Floating point exception", "Killed",
            "User defined signal 1", "Segmentation fault", "User defined signal 2", "Broken pipe", "Alarm clock",
            "Terminated", "Stack fault", "Child exited", "Continued", "Stopped (signal)", "Stopped",
            "Stopped (tty input)", "Stopped (tty output)", "Urgent I/O condition", "CPU time limit exceeded",
            "File size limit exceeded", "Virtual timer expired", "Profiling timer expired", "Window changed",
            "I/O possible", "Power failure", "Bad system call");
    private static final int RT_MIN = 34;
    private static final int RT_MAX = 64;

    private Signals() {
    }

    /** glibc's strsignal. */
    static String name(int signal) {
        if (signal >= 1 && signal <= NAMES.size()) {
            return NAMES.get(signal - 1);
        }
        if (signal >= RT_MIN && signal <= RT_MAX) {
            return "Real-time signal " + (signal - RT_MIN);
        }
        return "Unknown signal " + signal;
    }

    /** Exim's os_strexit: what a sysexits status could mean, or "". */
    static String exitMeaning(int status) {
        return switch (status) {
            case 64 -> "(could mean usage or syntax error)";
            case 65 -> "(could mean error in input data)";
            case 66 -> "(could mean input data missing)";
            case 67 -> "(could mean user nonexistent)";
            case 68 -> "(could mean host nonexistent)";
            case 69 -> "(could mean service or program unavailable)";
            case 70 -> "(could mean internal software error)";
            case 71 -> "(could mean internal operating system error)";
            case 72 -> "(could mean system file missing)";
            case 73 -> "(could mean can't create output file)";
            case 74 -> "(could mean input/output error)";
            case 75 -> "(could mean temporary error)";
            case 76 -> "(could mean protocol error)";
            case 77 -> "(could mean permission denied)";
            case 78 -> "(could mean configuration error)";
            case 127 -> "(could mean unable to exec or command does not exist)";
            default -> "";
        };
    }
}
