import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CloseOrganisationTask, GetOrganisationTask, HandleOrganisationTask, ListOrganisationTasks, ReturnOrganisationTask } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { TaskService } from './task.service';

@Controller()
export class TaskMessageController {
  constructor(private readonly tasks: TaskService) {}

  @MessagePattern(ListOrganisationTasks.subject)
  list(@Payload() req: ListOrganisationTasks.Request, @CurrentActor() actor: Actor) {
    return this.tasks.list(actor, req);
  }

  @MessagePattern(GetOrganisationTask.subject)
  get(@Payload() req: GetOrganisationTask.Request, @CurrentActor() actor: Actor) {
    return this.tasks.get(actor, req.id);
  }

  @MessagePattern(HandleOrganisationTask.subject)
  handle(@Payload() req: HandleOrganisationTask.Request, @CurrentActor() actor: Actor) {
    return this.tasks.handle(actor, req);
  }

  @MessagePattern(CloseOrganisationTask.subject)
  close(@Payload() req: CloseOrganisationTask.Request, @CurrentActor() actor: Actor) {
    return this.tasks.close(actor, req);
  }

  @MessagePattern(ReturnOrganisationTask.subject)
  return(@Payload() req: ReturnOrganisationTask.Request, @CurrentActor() actor: Actor) {
    return this.tasks.return(actor, req);
  }
}
