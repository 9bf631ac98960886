package org.piwheels.monitor.control;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.piwheels.monitor.link.ControlSink;
import org.piwheels.monitor.model.MonitorModel;
import org.piwheels.monitor.model.SlaveState;
import org.piwheels.monitor.model.SortOrder;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MasterControlProtocol.Kill;
import org.piwheels.protocol.messages.MasterControlProtocol.Skip;
import org.piwheels.protocol.messages.MasterControlProtocol.Sleep;
import org.piwheels.protocol.messages.MasterControlProtocol.Wake;

/**
 * Turns key presses into UI state changes and, through confirmed dialogs, into
 * control messages (components spec §8.4). Holds what the view needs beyond the
 * model: the selected row, the sort order, the scroll position and what is open.
 */
public final class MonitorController {
    private final MonitorModel model;
    private final ControlSink sink;
    private final Clock clock;
    private Long selectedId; // null: the master row
    private int selectedIndex;
    private int scrollTop;
    private int pageSize = 10;
    private SortOrder sortOrder = SortOrder.ABI_LABEL;
    private ActionDialog dialog;
    private Long dialogTarget;
    private boolean helpOpen;
    private boolean detailOpen;
    private boolean quit;
    private boolean interrupted;
    private String feedback = "";

    /**
     * @param model what is shown
     * @param sink  where confirmed actions go
     * @param clock the clock the row order is computed on
     */
    public MonitorController(MonitorModel model, ControlSink sink, Clock clock) {
        this.model = model;
        this.sink = sink;
        this.clock = clock;
    }

    /** Handles one key press. */
    public void handle(KeyStroke key) {
        if (key.getKeyType() == KeyType.Character && key.isCtrlDown() && isChar(key, 'c')) {
            quit = true; // wherever the focus is
            interrupted = true;
        } else if (helpOpen) {
            if (key.getKeyType() == KeyType.Escape || key.getKeyType() == KeyType.Enter || isChar(key, 'o')) {
                helpOpen = false;
            }
        } else if (dialog != null) {
            handleDialog(key);
        } else if (key.getKeyType() == KeyType.Escape) {
            detailOpen = false;
        } else {
            handleList(key);
        }
    }

    private void handleDialog(KeyStroke key) {
        switch (dialog.handle(key)) {
            case CONFIRMED -> {
                send(dialog.selected().messages());
                dialog = null;
            }
            case CANCELLED -> dialog = null;
            case OPEN -> {
                // keep it open
            }
        }
    }

    private void handleList(KeyStroke key) {
        List<Long> rows = rowIds();
        int current = rows.indexOf(selectedId);
        if (current >= 0) {
            selectedIndex = current; // rows may have come, gone or re-sorted since the last frame
        }
        switch (key.getKeyType()) {
            case ArrowDown -> select(rows, selectedIndex + 1);
            case ArrowUp -> select(rows, selectedIndex - 1);
            case Home -> select(rows, 0);
            case End -> select(rows, rows.size() - 1);
            case PageDown -> select(rows, selectedIndex + Math.max(1, pageSize - 1));
            case PageUp -> select(rows, selectedIndex - Math.max(1, pageSize - 1));
            case ArrowRight -> detailOpen = selectedId != null;
            case ArrowLeft -> detailOpen = false;
            case Enter -> openDialog();
            case Character -> handleChar(rows, Character.toLowerCase(key.getCharacter()));
            default -> {
                // other keys do nothing
            }
        }
    }

    private void handleChar(List<Long> rows, char c) {
        switch (c) {
            case 'j' -> select(rows, selectedIndex + 1);
            case 'k' -> select(rows, selectedIndex - 1);
            case 'h', '?' -> helpOpen = true;
            case 'q' -> quit = true;
            case 's' -> {
                sortOrder = sortOrder.next();
                feedback = "Sorted by " + sortOrder.description();
            }
            case 'd' -> detailOpen = !detailOpen && selectedId != null;
            default -> {
                // other keys do nothing
            }
        }
    }

    private void openDialog() {
        SlaveState slave = selectedId == null ? null : model.slave(selectedId);
        dialogTarget = slave == null ? null : slave.id();
        dialog = slave == null ? ActionDialogs.master() : ActionDialogs.slave(slave.id());
    }

    private void send(List<ControlRequest> messages) {
        List<String> sent = new ArrayList<>();
        for (ControlRequest m : messages) {
            if (!sink.send(m)) {
                feedback = "Control queue full: " + describe(m) + " not sent";
                return;
            }
            sent.add(describe(m));
        }
        feedback = "Sent " + String.join(", ", sent);
    }

    private static String describe(ControlRequest m) {
        String action = m.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
        Long target = m instanceof Kill k ? k.slaveId() : m instanceof Skip s ? s.slaveId()
                : m instanceof Sleep s ? s.slaveId() : m instanceof Wake w ? w.slaveId() : null;
        boolean takesTarget = m instanceof Kill || m instanceof Skip || m instanceof Sleep || m instanceof Wake;
        return takesTarget ? action + " " + (target == null ? "all" : "slave " + target) : action;
    }

    /** @return the row keys in display order: null for the master, then slave ids */
    public List<Long> rowIds() {
        List<Long> rows = new ArrayList<>();
        rows.add(null);
        rows.addAll(model.slaves(sortOrder, clock.instant()).stream().map(SlaveState::id).collect(Collectors.toList()));
        return rows;
    }

    private void select(List<Long> rows, int index) {
        selectedIndex = Math.max(0, Math.min(rows.size() - 1, index));
        selectedId = rows.get(selectedIndex);
        if (selectedId == null) {
            detailOpen = false;
        }
    }

    /**
     * Re-finds the selected row after the list changed (slaves come, go and re-sort);
     * a vanished slave passes the selection to the row that took its place.
     *
     * @return the selected row's index
     */
    public int resolveSelection() {
        List<Long> rows = rowIds();
        int index = rows.indexOf(selectedId);
        select(rows, index >= 0 ? index : selectedIndex);
        if (dialog != null && dialogTarget != null && model.slave(dialogTarget) == null) {
            dialog = null; // its slave has gone: nothing left to act on
        }
        return selectedIndex;
    }

    /**
     * Scrolls so the selected row is among {@code visibleRows} rows.
     *
     * @return the index of the first visible row
     */
    public int scrollFor(int visibleRows) {
        pageSize = Math.max(1, visibleRows);
        if (selectedIndex < scrollTop) {
            scrollTop = selectedIndex;
        } else if (selectedIndex >= scrollTop + pageSize) {
            scrollTop = selectedIndex - pageSize + 1;
        }
        scrollTop = Math.max(0, Math.min(scrollTop, Math.max(0, rowIds().size() - pageSize)));
        return scrollTop;
    }

    /** @return the selected slave's id, or null when the master row is selected */
    public Long selectedId() {
        return selectedId;
    }

    /** @return the open action dialog, or null */
    public ActionDialog dialog() {
        return dialog;
    }

    /** @return whether the help overlay is open */
    public boolean helpOpen() {
        return helpOpen;
    }

    /** @return whether the selected slave's detail view is open */
    public boolean detailOpen() {
        return detailOpen && selectedId != null;
    }

    /** @return the slave order */
    public SortOrder sortOrder() {
        return sortOrder;
    }

    /** @return whether {@code q} was pressed */
    public boolean quitRequested() {
        return quit;
    }

    /** @return whether the user quit with Ctrl+C */
    public boolean interrupted() {
        return interrupted;
    }

    /** @return the last action's result for the status bar */
    public String feedback() {
        return feedback;
    }

    private static boolean isChar(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character && Character.toLowerCase(key.getCharacter()) == c;
    }
}
