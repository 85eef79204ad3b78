// Justifications of an entailed subsumption, or of each unsatisfiable class, with HermiT and the OWL API 3
// explanation code (com.clarkparsia.owlapi.explanation: black-box expansion/contraction and Reiter's hitting
// set tree), both inside the HermiT.jar that owlready2 ships. Run by bbao.explain as a Java single-file program:
//
//   java -cp owlready2/hermit:owlready2/hermit/HermiT.jar BBAOExplain.java ONTOLOGY MAX MODE [SUB SUPER] [TAG=FILE...]
//
// MODE is "subsumption" (SUB SUPER are IRIs) or "unsatisfiable"; an inconsistent ontology gets one justification
// of its inconsistency instead (QuickXplain, HermiT checking consistency). Each TAG=FILE is a source file (a curated
// Turtle file or an import module): every axiom printed names the tags of the files that hold it (annotations
// ignored). Output: one JSON object a line on stdout. The program stops itself when its standard input closes
// (its parent, bbao, is gone).
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.clarkparsia.owlapi.explanation.DefaultExplanationGenerator;
import com.clarkparsia.owlapi.explanation.util.SilentExplanationProgressMonitor;
import org.semanticweb.HermiT.Configuration;
import org.semanticweb.HermiT.Reasoner;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.OWLAnnotation;
import org.semanticweb.owlapi.model.OWLAnnotationValue;
import org.semanticweb.owlapi.model.OWLAxiom;
import org.semanticweb.owlapi.model.OWLClass;
import org.semanticweb.owlapi.model.OWLClassExpression;
import org.semanticweb.owlapi.model.OWLDataFactory;
import org.semanticweb.owlapi.model.OWLLiteral;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.reasoner.OWLReasoner;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.reasoner.OWLReasonerConfiguration;
import uk.ac.manchester.cs.owlapi.modularity.ModuleType;
import uk.ac.manchester.cs.owlapi.modularity.SyntacticLocalityModuleExtractor;

public class BBAOExplain {
    /** HermiT with unsupported datatypes ignored (annotation literals of any type), for every reasoner made. */
    static class Factory extends Reasoner.ReasonerFactory {
        @Override
        protected Configuration getProtegeConfiguration(OWLReasonerConfiguration configuration) {
            Configuration c = super.getProtegeConfiguration(configuration);
            c.ignoreUnsupportedDatatypes = true;
            return c;
        }
    }

    static final Map<String, OWLOntology> SOURCES = new LinkedHashMap<>();
    static OWLOntology ontology;

    public static void main(String[] args) throws Exception {
        watchParent();
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.setSilentMissingImportsHandling(true);
        ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        int max = Integer.parseInt(args[1]);
        String mode = args[2];
        int next = mode.equals("subsumption") ? 5 : 3;
        for (int i = next; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            OWLOntologyManager own = OWLManager.createOWLOntologyManager();  // one each: files may share an IRI
            own.setSilentMissingImportsHandling(true);
            SOURCES.put(args[i].substring(0, eq), own.loadOntologyFromOntologyDocument(new File(args[i].substring(eq + 1))));
        }
        OWLDataFactory df = manager.getOWLDataFactory();
        Factory factory = new Factory();
        OWLReasoner reasoner = factory.createNonBufferingReasoner(ontology);
        if (!reasoner.isConsistent()) {
            // Every class is unsatisfiable and every subsumption holds, and the OWL API 3 explanation code asks the
            // reasoner about the whole ontology first, which then throws: one justification of the inconsistency
            // instead, by QuickXplain over the bottom locality module of the individuals (which is inconsistent
            // whenever the ontology is: every model of the module extends to one of the ontology).
            target("inconsistent", "", "");
            Set<OWLEntity> signature = new java.util.HashSet<>(ontology.getIndividualsInSignature());
            List<OWLAxiom> axioms = new ArrayList<>();
            for (OWLAxiom axiom : new SyntacticLocalityModuleExtractor(manager, ontology, ModuleType.BOT).extract(signature)) {
                if (axiom.isLogicalAxiom()) {
                    axioms.add(axiom);
                }
            }
            Collections.sort(axioms);
            System.out.println("{\"kind\":\"module\",\"axioms\":" + axioms.size() + "}");
            if (!consistent(manager, factory, axioms)) {
                List<Set<OWLAxiom>> one = new ArrayList<>();
                one.add(new java.util.HashSet<>(quickXplain(manager, factory, new ArrayList<>(), false, axioms)));
                justifications(new java.util.LinkedHashSet<>(one));
            }
        } else if (mode.equals("subsumption")) {
            OWLClass sub = df.getOWLClass(IRI.create(args[3]));
            OWLClass sup = df.getOWLClass(IRI.create(args[4]));
            OWLAxiom axiom = df.getOWLSubClassOfAxiom(sub, sup);
            boolean entailed = reasoner.isEntailed(axiom);
            target("subsumption", args[3], args[4]);
            System.out.println("{\"kind\":\"entailed\",\"value\":" + entailed + ",\"asserted\":"
                + ontology.containsAxiomIgnoreAnnotations(axiom) + "}");
            if (entailed) {
                Set<OWLEntity> signature = new java.util.HashSet<>();
                Collections.addAll(signature, sub, sup);
                justifications(module(manager, factory, signature).getExplanations(axiom, max));
            }
        } else {
            Set<String> unsatisfiable = new TreeSet<>();
            for (OWLClass c : reasoner.getUnsatisfiableClasses().getEntitiesMinusBottom()) {
                unsatisfiable.add(c.getIRI().toString());
            }
            for (String iri : unsatisfiable) {
                target("unsatisfiable", iri, "");
                OWLClass c = df.getOWLClass(IRI.create(iri));
                justifications(module(manager, factory, Collections.<OWLEntity>singleton(c)).getExplanations(c, max));
            }
        }
        System.out.println("{\"kind\":\"done\"}");
        System.out.flush();
        Runtime.getRuntime().halt(0);  // no waiting for HermiT's or the watchdog's threads
    }

    /** Whether ``axioms`` alone are consistent, by a HermiT made for them. */
    static boolean consistent(OWLOntologyManager manager, Factory factory, List<OWLAxiom> axioms) throws Exception {
        OWLOntology part = manager.createOntology(new java.util.HashSet<>(axioms));
        try {
            OWLReasoner r = factory.createNonBufferingReasoner(part);
            boolean result = r.isConsistent();
            r.dispose();
            return result;
        } finally {
            manager.removeOntology(part);
        }
    }

    /** Junker's QuickXplain: a minimal subset of ``candidates`` that is inconsistent together with ``background``
     *  (which ``changed`` says grew since the caller last checked it). */
    static List<OWLAxiom> quickXplain(OWLOntologyManager manager, Factory factory, List<OWLAxiom> background,
                                      boolean changed, List<OWLAxiom> candidates) throws Exception {
        if (changed && !consistent(manager, factory, background)) {
            return new ArrayList<>();
        }
        if (candidates.size() == 1) {
            return new ArrayList<>(candidates);
        }
        List<OWLAxiom> first = candidates.subList(0, candidates.size() / 2);
        List<OWLAxiom> second = candidates.subList(candidates.size() / 2, candidates.size());
        List<OWLAxiom> withFirst = new ArrayList<>(background);
        withFirst.addAll(first);
        List<OWLAxiom> fromSecond = quickXplain(manager, factory, withFirst, !first.isEmpty(), second);
        List<OWLAxiom> withSecond = new ArrayList<>(background);
        withSecond.addAll(fromSecond);
        List<OWLAxiom> fromFirst = quickXplain(manager, factory, withSecond, !fromSecond.isEmpty(), first);
        fromFirst.addAll(fromSecond);
        return fromFirst;
    }

    /** An explanation generator over the STAR locality module of ``signature`` (the axioms that can matter to an
     *  entailment over it: every justification of such an entailment lies inside the module), far smaller and
     *  so far faster to explain over than the whole ontology. */
    static DefaultExplanationGenerator module(OWLOntologyManager manager, Factory factory, Set<OWLEntity> signature)
            throws Exception {
        Set<OWLAxiom> axioms = new java.util.HashSet<>();
        for (OWLAxiom axiom : new SyntacticLocalityModuleExtractor(manager, ontology, ModuleType.STAR).extract(signature)) {
            if (axiom.isLogicalAxiom()) {
                axioms.add(axiom);
            }
        }
        System.out.println("{\"kind\":\"module\",\"axioms\":" + axioms.size() + "}");
        OWLOntology module = manager.createOntology(axioms);
        return new DefaultExplanationGenerator(manager, factory, module, new SilentExplanationProgressMonitor());
    }

    /** A daemon thread that stops the JVM as soon as standard input closes: bbao holds it open while it waits. */
    static void watchParent() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // bbao writes nothing; any byte is ignored
                }
            } catch (java.io.IOException e) {
                // the pipe broke: the parent is gone
            }
            Runtime.getRuntime().halt(3);
        });
        watch.setDaemon(true);
        watch.start();
    }

    static void target(String kind, String sub, String sup) {
        System.out.println("{\"kind\":\"target\",\"target\":" + json(kind) + ",\"sub\":" + json(sub) + ",\"super\":"
            + json(sup) + "}");
        System.out.flush();
    }

    static void justifications(Set<Set<OWLAxiom>> found) {
        for (Set<OWLAxiom> justification : found) {
            List<String> axioms = new ArrayList<>();
            for (OWLAxiom axiom : justification) {
                axioms.add(axiom(axiom));
            }
            System.out.println("{\"kind\":\"justification\",\"axioms\":[" + String.join(",", axioms) + "]}");
            System.out.flush();
        }
    }

    /** An axiom as JSON: its functional syntax without annotations, the tags of the source files that hold it,
     *  and the annotations (property IRI, value) it carries in the ontology reasoned over. */
    static String axiom(OWLAxiom axiom) {
        OWLAxiom bare = axiom.getAxiomWithoutAnnotations();
        List<String> tags = new ArrayList<>();
        for (Map.Entry<String, OWLOntology> source : SOURCES.entrySet()) {
            if (source.getValue().containsAxiomIgnoreAnnotations(bare)) {
                tags.add(json(source.getKey()));
            }
        }
        Set<String> annotations = new TreeSet<>();
        for (OWLAxiom annotated : ontology.getAxiomsIgnoreAnnotations(bare)) {
            for (OWLAnnotation a : annotated.getAnnotations()) {
                annotations.add("[" + json(a.getProperty().getIRI().toString()) + "," + json(value(a.getValue())) + "]");
            }
        }
        return "{\"axiom\":" + json(bare.toString()) + ",\"sources\":[" + String.join(",", tags)
            + "],\"annotations\":[" + String.join(",", annotations) + "]}";
    }

    static String value(OWLAnnotationValue v) {
        if (v instanceof IRI) {
            return v.toString();
        }
        if (v instanceof OWLLiteral) {
            return ((OWLLiteral) v).getLiteral();
        }
        return v.toString();
    }

    static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
