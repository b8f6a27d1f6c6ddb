export { default, definitions } from "./apps/html-classification/strata.config.ts"
