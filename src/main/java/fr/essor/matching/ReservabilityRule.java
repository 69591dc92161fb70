package fr.essor.matching;

/**
 * Le marché de l'inclusion's rule for deciding how to open a lot to inclusive suppliers (DESIGN.md section 4), and
 * what counts as a supplier "of the trade".
 *
 * @param reserveContractAbove    more suppliers than this (and dependency below maxDependency): reserve the contract
 * @param maxDependency           lot yearly value ÷ the suppliers' average yearly capacity must stay below this
 * @param reserveLotAbove         more suppliers than this: reserve a lot
 * @param insertionClauseAbove    more suppliers than this: insertion clause; otherwise a social award criterion
 * @param relevantCpv             a candidate counts as of the lot's trade when its cpv component reaches this ...
 * @param relevantText            ... or its text component reaches this
 * @param maxCandidates           how many candidates to examine when counting
 */
public record ReservabilityRule(int reserveContractAbove, double maxDependency, int reserveLotAbove,
                                int insertionClauseAbove, double relevantCpv, double relevantText, int maxCandidates) {
}
