import { CloseOrganisationTask, GetOrganisationTask, HandleOrganisationTask, ListOrganisationTasks, ReturnOrganisationTask } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { TaskService } from './task.service';

export const TaskMessageController = messageController('TaskMessageController', { tasks: TaskService }, (on) => [
  on(ListOrganisationTasks, (s, req, a) => s.tasks.list(a, req)),
  on(GetOrganisationTask, (s, req, a) => s.tasks.get(a, req.id)),
  on(HandleOrganisationTask, (s, req, a) => s.tasks.handle(a, req)),
  on(CloseOrganisationTask, (s, req, a) => s.tasks.close(a, req)),
  on(ReturnOrganisationTask, (s, req, a) => s.tasks.return(a, req)),
]);
