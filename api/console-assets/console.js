// Starts nhsuk-frontend's components (header menu, error summary focus, password reveal…).
import { initAll } from './nhsuk-frontend-10.6.1.min.js';
initAll();
