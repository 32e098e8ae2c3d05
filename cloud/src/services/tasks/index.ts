// The task's use cases, one per file.
export { actOnTask } from './actOnTask';
export { listTasks } from './listTasks';
