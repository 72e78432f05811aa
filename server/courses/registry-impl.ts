import { runExerciseChecks } from './check-runner.js';
import type { CourseDetail, CourseRegistry, CourseSummary, Lang, LoadError } from './course-registry.js';
import type { LoadedCourse } from './course-loader.js';
import { applySetup, setupScriptOf, shellInitScriptOf } from './lab-setup.js';
import { DEFAULT_MACHINE, filesOf, machinesOf, setupsOf } from './define-course.js';
import { criteriaOf } from './criteria.js';

function summaryOf(c: LoadedCourse, lang: Lang): CourseSummary {
  return {
    id: c.def.id,
    order: c.def.order ?? 1000,
    title: c.def.title[lang],
    description: c.def.description[lang],
    exercises: c.def.exercises.map((e) => ({ id: e.id, title: e.title[lang] })),
    ...(lang === 'fr' && c.def.imported?.untranslated ? { untranslated: true as const } : {}),
  };
}

function detailOf(c: LoadedCourse, lang: Lang): CourseDetail {
  return {
    ...summaryOf(c, lang),
    image: machinesOf(c.def)[0]?.image ?? '',
    machines: machinesOf(c.def).map((m) => ({ name: m.name })),
    preview: (c.def.preview ?? []).map((p) => ({
      machine: p.machine ?? machinesOf(c.def)[0]?.name ?? DEFAULT_MACHINE,
      port: p.port,
      path: p.path ?? '/',
      title: p.title[lang],
    })),
    exercises: c.def.exercises.map((e) => ({
      id: e.id,
      title: e.title[lang],
      lessonHtml: c.lessonHtml[e.id]?.[lang] ?? '',
      hints: (e.hints ?? []).map((h) => h[lang]),
      hintsHtml: c.hintsHtml[e.id]?.[lang] ?? [],
      criteria: criteriaOf(e.checks, lang),
      files: filesOf(c.def, e),
    })),
    ...(c.pageHtml.intro ? { introHtml: c.pageHtml.intro[lang] } : {}),
    ...(c.pageHtml.finish ? { finishHtml: c.pageHtml.finish[lang] } : {}),
  };
}

/** The registry over loaded courses; summaries and details are computed once per language. */
export function createRegistry(
  courses: Map<string, LoadedCourse>,
  errors: LoadError[],
  assetPath: (courseId: string, relPath: string) => string | undefined,
): CourseRegistry {
  const ordered = [...courses.values()].sort(
    (a, b) => (a.def.order ?? 1000) - (b.def.order ?? 1000) || a.def.id.localeCompare(b.def.id),
  );
  const summaries = {
    fr: ordered.map((c) => summaryOf(c, 'fr')),
    en: ordered.map((c) => summaryOf(c, 'en')),
  };
  const details = new Map(ordered.map((c) => [c.def.id, { fr: detailOf(c, 'fr'), en: detailOf(c, 'en') }]));
  // The course's setups in order, then its shell init on every machine (the learner's shells run it there).
  const setups = new Map(
    ordered.map((c) => {
      const shellInit = shellInitScriptOf(c.def);
      return [
        c.def.id,
        [
          ...setupsOf(c.def).map((s) => ({
            machine: s.machine,
            script: setupScriptOf(s, s.script ? c.setupScripts[s.script] : undefined),
          })),
          ...(shellInit ? machinesOf(c.def).map((m) => ({ machine: m.name, script: shellInit })) : []),
        ],
      ];
    }),
  );
  const exercise = (courseId: string, exerciseId: string) =>
    courses.get(courseId)?.def.exercises.find((e) => e.id === exerciseId);

  return {
    errors,
    list: (lang) => summaries[lang],
    get: (courseId, lang) => details.get(courseId)?.[lang],
    environmentOf: (courseId) => {
      const def = courses.get(courseId)?.def;
      return def && machinesOf(def)[0]?.image;
    },
    machinesOf: (courseId) => {
      const def = courses.get(courseId)?.def;
      return def && machinesOf(def);
    },
    has: (courseId, exerciseId) =>
      exerciseId === undefined ? courses.has(courseId) : exercise(courseId, exerciseId) !== undefined,
    exerciseIds: (courseId) => courses.get(courseId)?.def.exercises.map((e) => e.id) ?? [],
    solution: (courseId, exerciseId) => courses.get(courseId)?.solutions[exerciseId],
    assetPath,
    async runChecks(runtime, labId, courseId, exerciseId, lang) {
      const ex = exercise(courseId, exerciseId);
      if (!ex) throw new Error(`unknown exercise ${courseId}/${exerciseId}`);
      const first = machinesOf(courses.get(courseId)!.def)[0]?.name;
      const r = await runExerciseChecks(runtime, labId, ex.checks, lang, first);
      return { exerciseId, ...r };
    },
    async setupLab(runtime, labId, courseId) {
      for (const { machine, script } of setups.get(courseId) ?? [])
        await applySetup(runtime, { labId, machine }, courseId, script);
    },
  };
}
