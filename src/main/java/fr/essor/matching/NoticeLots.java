package fr.essor.matching;

import fr.essor.notice.Notice;
import fr.essor.reference.CpvCatalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a stored notice's lot into the matcher's {@link LotDescription}. */
public final class NoticeLots {
    private final PlaceResolver places;
    private final Clock clock;

    public NoticeLots(PlaceResolver places, Clock clock) {
        this.places = places;
        this.clock = clock;
    }

    public LotDescription describe(Notice notice, Notice.Lot lot) {
        String title = lot.title() != null && !lot.title().isBlank() ? lot.title() : notice.title();
        StringBuilder text = new StringBuilder(title == null ? "" : title);
        if (lot.description() != null && !lot.description().isBlank()) {
            text.append('\n').append(lot.description());
        }
        Set<String> cpv = new LinkedHashSet<>();
        addCpv(cpv, lot.mainCpv());
        if (lot.additionalCpv() != null) {
            lot.additionalCpv().forEach(c -> addCpv(cpv, c));
        }
        Notice.Place p = lot.place();
        LotPlace place = p == null ? LotPlace.unknown("location unknown: no place of performance")
                : places.resolve(p.lat(), p.lon(), p.postcode(), p.city(), p.nuts());
        LocalDate consultation = notice.publishedAt() != null ? notice.publishedAt().toLocalDate() : LocalDate.now(clock);
        return new LotDescription(lot.lotId(), text.toString(), new ArrayList<>(cpv), place, lot.reservation(),
                euros(lot.estimatedValue()), contractValue(notice), lot.durationMonths(), notice.contractNature(),
                notice.buyer() == null ? null : notice.buyer().kind(), notice.lightRegime(), consultation,
                lot.reservedExecution(), lot.socialConsiderations());
    }

    private static void addCpv(Set<String> cpv, String code) {
        String code8 = CpvCatalog.normalize(code);
        if (code8 != null) {
            cpv.add(code8);
        }
    }

    /** The amount when in euros (or of unstated currency); null otherwise: other currencies are not compared. */
    static Double euros(Notice.Money money) {
        if (money == null || money.amount() == null) {
            return null;
        }
        if (money.currency() != null && !money.currency().equalsIgnoreCase("EUR")) {
            return null;
        }
        return money.amount().doubleValue();
    }

    /** The sum of the lots' values when every lot has one (the EU threshold is about the whole contract). */
    static Double contractValue(Notice notice) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Notice.Lot l : notice.lots()) {
            Double v = euros(l.estimatedValue());
            if (v == null) {
                return null;
            }
            sum = sum.add(l.estimatedValue().amount());
        }
        return sum.doubleValue();
    }
}
