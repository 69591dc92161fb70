package fr.essor.matching;

import java.time.LocalDate;

/**
 * EU procurement thresholds (€, excluding VAT) in force over a period; they change every two years
 * (2026–2027: Commission Delegated Regulation (EU) 2025/2152; the 750,000 € social-services threshold is fixed by
 * article 4 d) of directive 2014/24/EU and not revised).
 *
 * @param suppliesServicesCentral supplies and services bought by central government authorities
 * @param suppliesServicesLocal   supplies and services bought by other (sub-central) contracting authorities
 * @param socialServices          social and other specific services (light regime, annex XIV)
 */
public record ThresholdPeriod(LocalDate from, LocalDate to, double works, double suppliesServicesCentral,
                              double suppliesServicesLocal, double socialServices, String source) {
    public boolean covers(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }
}
