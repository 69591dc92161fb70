package fr.essor.registry.index;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.util.BytesRef;

/**
 * What scoring and showing a match need of an enterprise (name, categories and ESUS end, NAF, declared CPV codes,
 * whether it has a description, site, area, headcount), in a compact binary form for {@link EnterpriseSchema#SCORING}.
 * A match reads it for each of hundreds of candidates: decoding JSON was a sixth of a served match (measured), this is
 * a few varints. The name is here because a match item shows it: reading a page's stored documents (decompressed
 * blocks, JSON) was a quarter of the automatic matching (measured); addresses and contacts, for the CSV only, still
 * come from the stored document. Change the layout → bump {@link EnterpriseSchema#VERSION}.
 */
public final class ScoringView {
    /** The description of a scoring view: there is one, its words are in the index. */
    static final String DESCRIBED = "(described)";
    private static final Category[] CATEGORIES = Category.values();

    // presence bits of the optional values
    private static final int NAF = 1;
    private static final int DESCRIPTION = 1 << 1;
    private static final int LOCATION = 1 << 2;
    private static final int RADIUS = 1 << 3;
    private static final int EMPLOYEES = 1 << 4;
    private static final int ESUS_UNTIL = 1 << 5;
    private static final int DEPARTMENT = 1 << 6;
    private static final int REGION = 1 << 7;

    private ScoringView() {
    }

    /** The enterprise as a match reads it: the same enterprise without what only the registry and the CSV show. */
    public static Enterprise of(Enterprise e) {
        String described = e.description() == null || e.description().isBlank() ? null : DESCRIBED;
        return new Enterprise(e.siret(), e.name(), e.categories(), null, e.naf(), described, e.cpv(), null, null, null,
                e.latitude(), e.longitude(), e.radiusKm(), e.departments(), e.regions(), e.employees(), null, null,
                e.esusUntil(), null, e.department(), e.region(), null);
    }

    /** The bytes of the enterprise's scoring view. */
    static BytesRef encode(Enterprise e) {
        boolean located = e.latitude() != null && e.longitude() != null;
        int present = (e.naf() != null ? NAF : 0)
                | (e.description() != null && !e.description().isBlank() ? DESCRIPTION : 0)
                | (located ? LOCATION : 0)
                | (e.radiusKm() != null ? RADIUS : 0)
                | (e.employees() != null ? EMPLOYEES : 0)
                | (e.esusUntil() != null ? ESUS_UNTIL : 0)
                | (e.department() != null ? DEPARTMENT : 0)
                | (e.region() != null ? REGION : 0);
        ByteBuffersDataOutput out = new ByteBuffersDataOutput(64);
        try {
            out.writeByte((byte) present);
            out.writeString(e.siret());
            out.writeString(e.name() == null ? "" : e.name());
            long categories = 0;
            if (e.categories() != null) {
                for (Category c : e.categories()) {
                    categories |= 1L << c.ordinal();
                }
            }
            out.writeVLong(categories);
            if (e.naf() != null) {
                out.writeString(e.naf());
            }
            strings(out, e.cpv());
            if (located) {
                out.writeLong(Double.doubleToRawLongBits(e.latitude()));
                out.writeLong(Double.doubleToRawLongBits(e.longitude()));
            }
            if (e.radiusKm() != null) {
                out.writeZInt(e.radiusKm());
            }
            strings(out, e.departments());
            strings(out, e.regions());
            if (e.employees() != null) {
                out.writeZInt(e.employees());
            }
            if (e.esusUntil() != null) {
                out.writeZLong(e.esusUntil().toEpochDay());
            }
            if (e.department() != null) {
                out.writeString(e.department());
            }
            if (e.region() != null) {
                out.writeString(e.region());
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible); // an in-memory output does not fail
        }
        return new BytesRef(out.toArrayCopy());
    }

    /** The scoring view the bytes hold ({@link #of}'s enterprise). */
    static Enterprise decode(BytesRef bytes) {
        try {
            return read(new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable scoring view: an index of another schema", e);
        }
    }

    private static Enterprise read(ByteArrayDataInput in) throws IOException {
        int present = in.readByte() & 0xff;
        String siret = in.readString();
        String name = in.readString();
        long bits = in.readVLong();
        Set<Category> categories = EnumSet.noneOf(Category.class);
        for (int i = 0; i < CATEGORIES.length; i++) {
            if ((bits & (1L << i)) != 0) {
                categories.add(CATEGORIES[i]);
            }
        }
        String naf = (present & NAF) != 0 ? in.readString() : null;
        List<String> cpv = strings(in);
        Double latitude = null;
        Double longitude = null;
        if ((present & LOCATION) != 0) {
            latitude = Double.longBitsToDouble(in.readLong());
            longitude = Double.longBitsToDouble(in.readLong());
        }
        Integer radiusKm = (present & RADIUS) != 0 ? in.readZInt() : null;
        List<String> departments = strings(in);
        List<String> regions = strings(in);
        Integer employees = (present & EMPLOYEES) != 0 ? in.readZInt() : null;
        LocalDate esusUntil = (present & ESUS_UNTIL) != 0 ? LocalDate.ofEpochDay(in.readZLong()) : null;
        String department = (present & DEPARTMENT) != 0 ? in.readString() : null;
        String region = (present & REGION) != 0 ? in.readString() : null;
        return new Enterprise(siret, name.isEmpty() ? null : name, categories, null, naf, (present & DESCRIPTION) != 0 ? DESCRIBED : null, cpv,
                null, null, null, latitude, longitude, radiusKm, departments, regions, employees, null, null, esusUntil,
                null, department, region, null);
    }

    private static void strings(ByteBuffersDataOutput out, List<String> values) throws IOException {
        List<String> list = values == null ? List.of() : values;
        out.writeVInt(list.size());
        for (String v : list) {
            out.writeString(v);
        }
    }

    private static List<String> strings(ByteArrayDataInput in) throws IOException {
        int n = in.readVInt();
        if (n == 0) {
            return List.of();
        }
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(in.readString());
        }
        return Collections.unmodifiableList(list);
    }
}
