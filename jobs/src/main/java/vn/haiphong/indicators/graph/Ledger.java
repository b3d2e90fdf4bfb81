package vn.haiphong.indicators.graph;

import java.util.List;

/**
 * The ledger step's answer: the deliveries in force, and whether the ingest is settled. It is not while a delivery awaits
 * a person's decision (a held correction): its steps then run again the next night, even with nothing new, to list it.
 */
public record Ledger(List<ActiveDelivery> inForce, boolean settled) {
    public Ledger {
        inForce = List.copyOf(inForce);
    }
}
