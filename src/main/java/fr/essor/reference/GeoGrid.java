package fr.essor.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-point search over commune centroids: points bucketed in cells of {@value #CELL_DEG}°, searched
 * ring by ring around the query cell until no unvisited ring can hold anything closer.
 */
final class GeoGrid<T> {
    static final double CELL_DEG = 0.1;
    private static final double KM_PER_DEG = 6371.0088 * Math.PI / 180;

    private final Map<Long, List<Integer>> cells = new HashMap<>();
    private final List<T> items = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>();

    void add(T item, double lat, double lon) {
        int index = items.size();
        items.add(item);
        points.add(new double[] {lat, lon});
        cells.computeIfAbsent(key(cell(lat), cell(lon)), k -> new ArrayList<>()).add(index);
    }

    /** The nearest item within maxKm, or null. */
    T nearest(double lat, double lon, double maxKm) {
        int row = cell(lat), col = cell(lon);
        int best = -1;
        double bestKm = maxKm;
        // a cell in ring r is at least (r - 1) cells away along latitude or longitude; a longitude degree is the
        // shorter one, shrinking with latitude, so bound it with the highest latitude the ring can reach
        int maxRing = (int) Math.ceil(maxKm / (CELL_DEG * KM_PER_DEG * Math.cos(Math.toRadians(Math.min(89, Math.abs(lat)))))) + 2;
        for (int ring = 0; ring <= maxRing; ring++) {
            double reachLat = Math.min(89, Math.abs(lat) + (ring + 1) * CELL_DEG);
            double lowerBoundKm = (ring - 1) * CELL_DEG * KM_PER_DEG * Math.cos(Math.toRadians(reachLat));
            if (lowerBoundKm > bestKm) break;
            for (int dr = -ring; dr <= ring; dr++) {
                boolean edgeRow = Math.abs(dr) == ring;
                for (int dc = -ring; dc <= ring; dc += edgeRow ? 1 : 2 * ring) {
                    List<Integer> bucket = cells.get(key(row + dr, col + dc));
                    if (bucket != null) {
                        for (int i : bucket) {
                            double[] p = points.get(i);
                            double km = Geography.distanceKm(lat, lon, p[0], p[1]);
                            if (km < bestKm || (km == bestKm && best < 0)) {
                                bestKm = km;
                                best = i;
                            }
                        }
                    }
                    if (ring == 0) break;
                }
            }
        }
        return best < 0 ? null : items.get(best);
    }

    private static int cell(double degrees) { return (int) Math.floor(degrees / CELL_DEG); }

    private static long key(int row, int col) { return ((long) row << 32) | (col & 0xffffffffL); }
}
