import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ListEnforcementCategories, UpdateEnforcementCategory } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { CategoryService } from './category.service';

@Controller()
export class CategoryMessageController {
  constructor(private readonly categories: CategoryService) {}

  @MessagePattern(ListEnforcementCategories.subject)
  list(@Payload() req: ListEnforcementCategories.Request, @CurrentActor() a: Actor) {
    return this.categories.list(a, req);
  }

  @MessagePattern(UpdateEnforcementCategory.subject)
  update(@Payload() req: UpdateEnforcementCategory.Request, @CurrentActor() a: Actor) {
    return this.categories.update(a, req);
  }
}
