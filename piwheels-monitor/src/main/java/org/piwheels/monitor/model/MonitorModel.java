package org.piwheels.monitor.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.codec.InvalidDataException;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Hello;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Stats;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;

/**
 * The whole picture: the master and its slaves by id, built from status messages
 * (protocol spec §6.6, components spec §8.2–8.3). Knows nothing of screens or sockets.
 */
public final class MonitorModel {
    /** How long a slave the master said is gone stays listed, so its end can be seen. */
    public static final Duration GONE_LINGER = Duration.ofSeconds(5);

    private final MasterState master = new MasterState();
    private final Map<Long, SlaveState> slaves = new LinkedHashMap<>();
    private long rejected;

    /**
     * Applies one status message.
     *
     * @param receivedAt the local time it arrived (the master's HELLO and STATS carry no usable stamp)
     * @return false if its data did not fit (the message is then ignored and counted)
     */
    public boolean apply(StatusMessage message, Instant receivedAt) {
        master.heard(receivedAt);
        if (message instanceof Hello h) {
            master.hello(h.hello(), receivedAt);
        } else if (message instanceof Stats s) {
            master.stats(s.stats(), receivedAt);
        } else if (message instanceof Slave s) {
            SlaveState slave = slaves.computeIfAbsent(s.slaveId(), SlaveState::new);
            try {
                slave.apply(s.timestamp(), s.message(), s.data());
            } catch (InvalidDataException e) {
                rejected++;
                if (slave.hello() == null && slave.lastSeen() == null) {
                    slaves.remove(s.slaveId()); // do not list a slave we know nothing about
                }
                return false;
            }
        }
        return true;
    }

    /** The 1 s timer: drops slaves that have been gone for {@link #GONE_LINGER}. */
    public void tick(Instant now) {
        slaves.values().removeIf(s -> s.isGone() && Duration.between(s.lastSeen(), now).compareTo(GONE_LINGER) > 0);
    }

    /** Forgets every slave, before asking the master for a fresh picture. */
    public void forgetSlaves() {
        slaves.clear();
    }

    /** @return the master's state */
    public MasterState master() {
        return master;
    }

    /** @return one slave, or null */
    public SlaveState slave(long id) {
        return slaves.get(id);
    }

    /** @return the slaves in the given order */
    public List<SlaveState> slaves(SortOrder order, Instant now) {
        List<SlaveState> list = new ArrayList<>(slaves.values());
        list.sort(order.comparator(now));
        return list;
    }

    /** @return how many slave messages were ignored because their data did not fit */
    public long rejected() {
        return rejected;
    }
}
