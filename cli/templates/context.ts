import { importPath, type Project } from '../project';

/** What a template needs: where its file goes and how that file imports the store's modules. */
export interface TemplateContext {
  project: Project;
  /** The file being written, relative to the store's root. */
  file: string;
}

/** The import specifier of a module of the code folder (`store.config`) from the template's file. */
export function imp(context: TemplateContext, codeModule: string): string {
  return importPath(context.project, context.file, codeModule);
}

/** TypeScript-only text (types, `satisfies`): dropped in a JavaScript store. */
export function ts(context: TemplateContext, text: string): string {
  return context.project.language === 'ts' ? text : '';
}
